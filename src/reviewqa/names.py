"""Find the review's entries named in a text: exact names and aliases, loosely spelt ones, and sizes left off.

"corvd", "Falboo", "wren t5", "Falbo-2" and "Falbo" (for "Falbo 7B") all resolve to their entries. Matching works on
word n-grams with case, spaces and punctuation ignored; typos are forgiven with rapidfuzz only for words that are rare
in English (word frequencies from ``wordfreq``), so "paris" or "today" never become a model. This module only finds
names; what they mean in a question is decided in ``parse.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from .values import name_key, size_range

__all__ = ["Mention", "NameTable", "common_word"]

_SIZE_SUFFIX = re.compile(r"[\s-]*\d+(\.\d+)?\s*[bmk]$", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
_BREAK = re.compile(r"[,;:?!()]|\.\s")  # punctuation no name runs across
# the last part of a name after a hyphen, a short run of letters and digits ("Acme-Q1" -> "Q1")
_SHORT_TAIL = re.compile(r"^[A-Za-z][A-Za-z]{2,}-((?=[A-Za-z0-9]{2,4}$)(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9]+)$")
COMMON_ZIPF = 3.0  # a word this frequent in English (about once in a million words) is never a typo of a name


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def common_word(word: str, threshold: float = COMMON_ZIPF) -> bool:
    return zipf(word.lower()) >= threshold


def _between(positions: list[int], start: int, end: int) -> bool:
    """Whether a sorted list of positions holds one in [start, end)."""
    at = bisect_left(positions, start)
    return at < len(positions) and positions[at] < end


@dataclass(frozen=True)
class Mention:
    id: str
    surface: str
    start: int  # character offsets in the text
    end: int
    score: float  # 100 for an exact name, less for a forgiven typo


class NameTable:
    """Name keys of every entry (id, name, aliases, name without its size) -> entry id."""

    def __init__(
        self,
        ids: Sequence[str],
        names: Sequence[Sequence[str]],
        vocabulary: set[str] | None = None,
        sizes: Sequence[list[float]] | None = None,
        reserved: set[str] | None = None,
    ) -> None:
        """``names[i]`` are the name and aliases of entry ``ids[i]``; ``vocabulary`` holds words the review uses for
        other things (values, field words), which are never read as misspelt names; ``sizes[i]`` are the sizes entry
        i records ("7B"), so that "Falbo-7B" can be called "Falbo" but the "1b" of a version name is not a size;
        ``reserved`` are the name keys of the review's values ("gpt4"), which no short form of a name may take."""
        table: dict[str, str] = {}
        loose: dict[str, set[str]] = {}
        tails: dict[str, set[str]] = {}
        for n, (rid, own) in enumerate(zip(ids, names, strict=True)):
            known = sizes[n] if sizes is not None else []
            for name in (rid, *own):
                key = name_key(name)
                if key:
                    table.setdefault(key, rid)
                whole = re.sub(r"(\d+)\.0\b", r"\1", name)  # "Falbo 2.0" is also written "Falbo 2"
                if whole != name and name_key(whole):
                    loose.setdefault(name_key(whole), set()).add(rid)
                tail = _SHORT_TAIL.search(name)
                short = tail.group(1) if tail else ""
                if short and not _SIZE_SUFFIX.fullmatch(short) and not re.fullmatch(r"v\d+", short, re.I):
                    # "Acme-Q1" is also called "Q1": a last part of letters and digits after a maker's word (not a
                    # version, "Acme-V2", which another work of the maker may have)
                    tails.setdefault(name_key(short), set()).add(rid)
                suffix = _SIZE_SUFFIX.search(name)
                span = size_range(suffix.group()) if suffix else None
                middle = (span[0] + span[1]) / 2 if span else 0.0
                if suffix is None or (known and not any(abs(k - middle) <= 0.12 * middle for k in known)):
                    continue  # "Wren-1b": a version, not one of the entry's sizes
                short = name_key(name[: suffix.start()])
                if short and short != key and len(short) >= 3:
                    loose.setdefault(short, set()).add(rid)
        for key, owners in loose.items():
            if len(owners) == 1 and key not in table:
                table[key] = next(iter(owners))
        for key, owners in tails.items():
            if len(owners) == 1 and key not in table and key not in (reserved or set()):  # (not "GPT4", a value)
                table[key] = next(iter(owners))
        self.table = table
        self.vocabulary = frozenset(vocabulary or ()) - set(table)
        # Typo candidates by (first letter, length): keeps fuzzy matching fast with 100 000 names.
        self._buckets: dict[tuple[str, int], list[str]] = {}
        self._sorted = sorted(table)
        self._longest = max((len(k) for k in table), default=0) + 2  # (a typo may add up to two letters)
        for key in table:
            if len(key) >= 4:
                self._buckets.setdefault((key[0], len(key)), []).append(key)

    def _begins_a_name(self, key: str) -> bool:
        """Whether some name's key starts with ``key`` (the first key not below it does, if any does)."""
        at = bisect_left(self._sorted, key)
        return at < len(self._sorted) and self._sorted[at].startswith(key)

    def real_word(self, word: str) -> bool:
        low = word.lower()
        return low in self.vocabulary or low.isdigit() or common_word(low)

    def _candidates(self, key: str, slack: int) -> list[str]:
        """Names starting with the same letter whose length differs by at most ``slack``."""
        out: list[str] = []
        for length in range(len(key) - slack, len(key) + slack + 1):
            out += self._buckets.get((key[0], length), [])
        return out

    def fuzzy(self, key: str) -> tuple[str, float] | None:
        """The entry a rare word (or two) most likely misspells, with its similarity, or None."""
        if len(key) < 4 or key.isdigit():
            return None
        stem = key.rstrip("0123456789")
        if stem != key and stem in self.table:
            return None  # "wren3" is a version the review lacks, not a misspelt "wren"
        cutoff = 80.0 if len(key) >= 6 else 85.0
        hit = process.extractOne(key, self._candidates(key, 1), scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is None and len(key) >= 12:
            # a long name may lose a letter in several of its words ("super natual instructons", "sequnce level
            # knowlege distilation"): a letter off in every ten, but nearly all the rest alike
            slack = max(2, len(key) // 10)
            hit = process.extractOne(key, self._candidates(key, slack), scorer=fuzz.ratio, score_cutoff=90.0)
        if hit is None:
            # two neighbouring letters swapped ("orac"): one slip, though the ratio of a short name falls below
            # (and a name of five letters or more one slip away: "dolyy")
            pool = self._candidates(key, 1) if len(key) >= 5 else []
            pool += [c for c in self._candidates(key, 0) if sorted(c) == sorted(key)]
            swapped = process.extractOne(key, pool, scorer=OSA.distance, score_cutoff=1)
            if swapped is None:
                return None
            hit = (swapped[0], cutoff, swapped[2])
        if re.findall(r"\d+", key) != re.findall(r"\d+", hit[0]) and re.search(r"\d", key):
            return None  # "wren3" is not "wren2": a number written differently is another version, not a typo
        return self.table[hit[0]], float(hit[1])

    @cached_property
    def _keys_of(self) -> dict[str, list[str]]:
        """The name keys of each entry (built when a typo is first checked, not at start-up)."""
        out: dict[str, list[str]] = {}
        for key, rid in self.table.items():
            out.setdefault(rid, []).append(key)
        return out

    def _extends(self, surface: str, rid: str) -> bool:
        """Whether ``surface`` writes one of entry ``rid``'s names up to a capital letter that starts a new part
        ("FalboX" beside "Falbo", "WrenE" beside "Wren 2"): a typo changes a letter, a new name adds a capital."""
        chars = [(n, ch) for n, ch in enumerate(surface) if ch.isascii() and ch.isalnum()]
        key = "".join(ch.lower() for _, ch in chars)
        if not any(ch.islower() for _, ch in chars):
            return False  # all capitals: no part stands out
        for name in self._keys_of.get(rid, ()):
            same = next(
                (k for k, (a, b) in enumerate(zip(key, name, strict=False)) if a != b), min(len(key), len(name))
            )
            # the whole word of the name, then a capital after a small letter ("Wren" + "X"), where the name has
            # nothing more or only a number ("Wren 2"); a capital inside a run of capitals is a typo ("FalBRO")
            rest = name[same:]
            capital = 3 <= same < len(key) and chars[same][1].isupper() and chars[same - 1][1].islower()
            if capital and (not rest or rest[0].isdigit()):
                return True
        return False

    def near(self, word: str, cutoff: float = 72.0) -> list[str]:
        """Entries whose name looks somewhat like ``word`` (suggestions when a name is not in the review)."""
        key = name_key(word)
        if len(key) < 3:
            return []
        hits = process.extract(key, self._candidates(key, 3), scorer=fuzz.ratio, score_cutoff=cutoff, limit=3)
        return list(dict.fromkeys(self.table[h[0]] for h in hits))

    def exact(self, text: str) -> str | None:
        return self.table.get(name_key(text))

    def find(self, text: str, max_words: int = 6, fuzzy: bool = True) -> list[Mention]:
        """Mentions in order of appearance, longest and exact matches preferred, no two overlapping."""
        words = list(_WORD.finditer(text))
        # The key of a run of words is its words' keys joined (what lies between words has no letter or digit),
        # so each word is keyed once; a run stops at punctuation or once its key outgrows every name's.
        keys = [w.lower() if w.isascii() else name_key(w) for w in (m.group() for m in words)]
        breaks = [m.start() for m in _BREAK.finditer(text)]
        stops = [_between(breaks, a.end(), b.start()) for a, b in pairwise(words)]
        candidates: list[tuple[bool, int, float, Mention]] = []
        for i in range(len(words)):
            key = ""
            for n in range(1, max_words + 1):
                if i + n > len(words):
                    break
                if n > 1 and stops[i + n - 2]:
                    break  # a name does not run across punctuation between words
                key += keys[i + n - 1]
                if len(key) > self._longest or (not fuzzy and not self._begins_a_name(key)):
                    break  # (no name, nor a typo of one, is this long; without typos, no name goes on from here)
                span = words[i : i + n]
                start, end = span[0].start(), span[-1].end()
                surface = text[start:end]
                if key in self.table:
                    candidates.append((True, end - start, 100.0, Mention(self.table[key], surface, start, end, 100.0)))
                elif (
                    fuzzy
                    and (n <= 3 or len(key) >= 7 * n)  # (a name of four words or more: long words each)
                    and (
                        (not all(self.real_word(w.group()) for w in span) and len(key) >= 4 + 3 * (n - 1))
                        # "doly 2.0", "lama 2": a misspelt word and the version number of a name
                        or (
                            n > 1
                            and len(span[0].group()) >= 4
                            and span[0].group().lower() not in self.vocabulary
                            and all(w.group().isdigit() for w in span[1:])
                        )
                    )
                ):
                    hit = self.fuzzy(key)
                    if hit is not None and self._extends(surface, hit[0]):
                        continue  # "WrenX", "FalboE": a name of the entry's with a capital added is another name
                    if hit is not None:
                        # a misspelt name of several words ("wren colection") outranks the exact name inside it
                        sure = n > 1 and hit[1] >= 90.0 and all(len(w.group()) >= 3 for w in span)  # (not "Wren's")
                        candidates.append((sure, end - start, hit[1], Mention(hit[0], surface, start, end, hit[1])))
        candidates.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
        taken: list[Mention] = []
        for _, _, _, mention in candidates:
            if all(mention.end <= m.start or mention.start >= m.end for m in taken):
                taken.append(mention)
        taken.sort(key=lambda m: m.start)
        return taken
