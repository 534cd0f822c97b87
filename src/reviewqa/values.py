"""Typed field values: how each profile type reads in an answer, as numbers, and through a value vocabulary.

``display`` turns any stored value into the text an answer shows; ``numbers`` gives the plain numbers of a quantity or
size list; ``Vocabulary`` maps a stored or asked spelling to its canonical value and groups ("mentor-3.5-turbo" ->
Mentor, member of "Acme models"). Nothing here knows a particular review: the profile supplies every word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .profile import FieldSpec, GroupSpec, Profile, VocabEntry

__all__ = ["Vocabulary", "display", "format_count", "is_empty", "name_key", "numbers", "tokens"]

_TOKEN = re.compile(r"[a-z0-9]+")
_COUNT_WORD = re.compile(r"[a-z]{3,}", re.I)


def name_key(text: str) -> str:
    """How names are compared: case, spaces and punctuation ignored ("Wren-T5" == "wren t5")."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def tokens(text: str) -> tuple[str, ...]:
    """Lower-case letter/digit runs: "Mentor-3.5-Turbo" -> ("mentor", "3", "5", "turbo")."""
    return tuple(_TOKEN.findall(text.lower()))


def format_count(number: float) -> str:
    """7e9 -> "7B", 7.7e8 -> "770M", 52000 -> "52K", 1.4e12 -> "1.4T", 61 -> "61", 1836 -> "1,836"."""
    if 1e3 <= abs(number) < 1e4 and number == int(number) and number % 1000:
        return f"{number:,.0f}"  # "1,836 tasks", not "1.836K"
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(number) >= size:
            return f"{number / size:.4g}{suffix}"
    return f"{number:g}"


def sizes_text(numbers: list[float]) -> str:
    """A list of sizes in the largest one's unit when none is under a tenth of it: "0.5B, 1.5B, 72B" (not "500M, 1.5B,
    72B"); "60M, 220M, 11B" stays."""
    top = max((abs(n) for n in numbers), default=0.0)
    unit = next(((size, suffix) for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")) if top >= size), None)
    if unit is None or all(abs(n) >= unit[0] for n in numbers) or any(abs(n) < unit[0] / 10 for n in numbers):
        return ", ".join(format_count(n) for n in numbers)  # ("60M, 220M, 11B": tiny ones keep their own unit)
    return ", ".join(f"{n / unit[0]:.4g}{unit[1]}" for n in numbers)


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMBT])\b", re.I)
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}


def sizes_in(text: str) -> list[str]:
    """Sizes written in a text, normalised: "Falbo 33B" -> ["33B"], "Wren (61M, 223M)" -> ["61M", "223M"]."""
    return [format_count(float(n) * _SCALE[u.lower()]) for n, u in _SIZE.findall(text)]


def size_range(text: str) -> tuple[float, float] | None:
    """The counts a written size can mean, as precise as it is written: "7B" -> (6.5e9, 7.5e9), "6.7B" -> (6.65e9,
    6.75e9); None when the text holds no size."""
    m = _SIZE.search(text)
    if m is None:
        return None
    digits, unit = m.groups()
    scale = _SCALE[unit.lower()]
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    half = 0.5 * scale * 10.0**-decimals
    return float(digits) * scale - half, float(digits) * scale + half


_LITERAL = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


def literals(text: str) -> set[str]:
    """Numbers written in a text that can single out the entry that states them: two or more digits, not a year
    ("99.3", "13500", "35"; not "7" or "2023"); thousands separators dropped."""
    out = set()
    for match in _LITERAL.findall(text):
        number = match.rstrip(",").replace(",", "")
        digits = number.replace(".", "")
        year = len(number) == 4 and number.isdigit() and 1900 <= int(number) <= 2100
        if len(digits) >= 2 and not year:
            out.add(number)
    return out


def is_empty(value: Any) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return True
    if hasattr(value, "model_dump"):
        return all(is_empty(v) for v in value.model_dump().values())
    return False


def _quantity_text(value: Any) -> str:
    stated = str(value.stated)
    unit = getattr(value, "unit", None)
    # "52K" -> "52K instances"; "70K conversations" already says what it counts.
    return (
        f"{stated} {unit}" if unit and not _COUNT_WORD.search(re.sub(r"\b[kmbt]\b", "", stated, flags=re.I)) else stated
    )


def display(profile: Profile, key: str, value: Any) -> str | None:
    """The value of field ``key`` as an answer shows it; None when empty."""
    if is_empty(value):
        return None
    if key == "name":
        return str(value)
    spec = profile.fields[key]
    kind = spec.type
    if kind in ("names", "refs", "aliases"):
        return ", ".join(value)
    if kind == "quantity":
        return _quantity_text(value)
    if kind == "sizes":
        return sizes_text([v * spec.scale for v in value])
    if kind == "enum":
        items = value if isinstance(value, list) else [value]
        return ", ".join((profile.enum_value(key, v) or _Plain(v)).label or v for v in items)
    if kind == "category":
        return profile.category_title(value)
    if kind == "license":
        parts = [f"{part}: {getattr(value, part)}" for part in spec.parts if getattr(value, part, None)]
        if getattr(value, "notes", None):
            parts.append(value.notes)
        return "; ".join(parts) or None
    if kind == "links":
        return ", ".join(f"{part}: {getattr(value, part)}" for part in spec.parts if getattr(value, part, None)) or None
    if kind == "paper":
        return f"{value.title} ({value.url})"
    if kind == "sources":
        return ", ".join(s.url for s in value)
    if kind == "extra":
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


@dataclass(frozen=True)
class _Plain:
    value: str
    label: str | None = None


def numbers(spec: FieldSpec, value: Any) -> list[float]:
    """The plain numbers of a size list (scaled) or a quantity; [] when there are none."""
    if spec.type == "sizes":
        return [float(v) * spec.scale for v in value or []]
    if spec.type == "quantity" and value is not None and value.value is not None:
        return [float(value.value)]
    return []


class Vocabulary:
    """Canonical values of one vocabulary, found in stored values and in questions by their spellings."""

    def __init__(self, name: str, entries: Sequence[VocabEntry], groups: Iterable[GroupSpec] = ()) -> None:
        self.name = name
        groups = [g for g in groups if g.vocabulary == name]
        # a value made by an organisation a group is named after belongs to that group ("Mentor-4o", made by Acme,
        # is one of "Acme models" without being listed there by hand)
        makers = {name_key(w): g.id for g in groups for w in (g.id, *g.words)}
        entries = [
            e.model_copy(update={"groups": [*e.groups, makers[name_key(e.organization)]]})
            if e.organization
            and name_key(e.organization) in makers
            and makers[name_key(e.organization)] not in e.groups
            else e
            for e in entries
        ]
        self.entries = {e.name: e for e in entries}
        self._spellings: list[tuple[tuple[str, ...], str]] = []
        self.by_key: dict[str, str] = {}
        for entry in entries:
            for spelling in (entry.name, *entry.aliases):
                toks = tokens(spelling)
                if toks:
                    self._spellings.append((toks, entry.name))
                    self.by_key.setdefault(name_key(spelling), entry.name)
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # spellings by their first token
        for toks, canonical in self._spellings:
            self._by_first.setdefault(toks[0], []).append((toks, canonical))
        self.groups: dict[str, set[str]] = {}
        for entry in entries:
            for group in entry.groups:
                self.groups.setdefault(group, set()).add(entry.name)
        self.group_words = {g.id: list(g.words) for g in groups if g.vocabulary == name}

    def find(self, text: str) -> set[str]:
        """Canonical values named inside a stored value; the most specific spelling wins where spellings nest
        ("text-mentor-003" is one model, not also "mentor")."""
        toks = tokens(text)
        spans: list[tuple[int, int, str]] = []
        for i, token in enumerate(toks):
            for spelling, canonical in self._by_first.get(token, ()):
                if toks[i : i + len(spelling)] == spelling:
                    spans.append((i, i + len(spelling), canonical))
        kept = {c for (s, e, c) in spans if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in spans)}
        return kept

    def members(self, group: str) -> set[str]:
        return set(self.groups.get(group, set()))


def vocabularies(profile: Profile) -> dict[str, Vocabulary]:
    return {name: Vocabulary(name, entries, profile.groups) for name, entries in profile.vocabularies.items()}
