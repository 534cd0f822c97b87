"""The entries as prepared columns, and conditions evaluated against them with three-valued logic.

For each field the table keeps what conditions compare: canonical values (through the profile's vocabularies, with
their groups), entries a value names (a base model "Falbo 7B" names the entry ``falbo``), numbers with units, dates.
A condition on an entry is True, False or None (unknown: the entry does not record the field); "not" of unknown
stays unknown, so a list never includes an entry because a value it lacks was negated. Nothing here reads questions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from .lexicon import short_fields
from .names import NameTable
from .profile import Profile
from .query import And, Atom, Cond, Not, Or
from .values import Vocabulary, is_empty, literals, name_key, numbers, sizes_in, tokens, vocabularies

__all__ = ["Table"]

Truth = bool | None
_MASK_CACHE = 256  # conditions whose column masks are kept (a conversation asks the same ones again)


class Table:
    """Column views of the entries of one index, for conditions, ranking and relative values."""

    def __init__(self, profile: Profile, ids: Sequence[str], entries: Sequence[Any], names: NameTable) -> None:
        self.profile = profile
        self.ids = list(ids)
        self.entries = list(entries)
        self.row = {rid: i for i, rid in enumerate(self.ids)}
        self.names = names
        self.vocabs: dict[str, Vocabulary] = vocabularies(profile)
        self.canon: dict[str, list[frozenset[str]]] = {}
        self.nums: dict[str, list[tuple[float, ...]]] = {}
        self.units: dict[str, list[str | None]] = {}
        self.unknown: dict[str, list[bool]] = {}
        self._mention_cache: dict[str, frozenset[str]] = {}
        self._literals: dict[int, set[str]] = {}
        self._mask_cache: dict[Atom, tuple[np.ndarray, np.ndarray]] = {}
        self._posting_cache: dict[str, dict[str, np.ndarray]] = {}
        self._code_cache: dict[str, tuple[np.ndarray, list[int]]] = {}
        self._number_cache: dict[str, tuple[np.ndarray, ...]] = {}
        self._flag_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.short = set(short_fields(profile, entries))
        date_key = profile.date_field
        self.dates: list[str | None] = [getattr(e, date_key, None) if date_key else None for e in entries]
        # each date field's column; one that falls back to another date field takes its value where it states none
        # (under a dating rule the paper's date is the date where no other is stated)
        self.date_columns: dict[str, list[str | None]] = {}
        for key, spec in profile.fields.items():
            if spec.type == "date":
                other = spec.fallback if spec.fallback and profile.fields[spec.fallback].type == "date" else None
                self.date_columns[key] = [getattr(e, key, None) or (getattr(e, other, None) if other else None)
                                          for e in entries]  # fmt: skip
        for key, spec in profile.fields.items():
            column = [getattr(e, key, None) for e in entries]
            if spec.type in ("names", "refs", "text", "enum", "category", "license", "aliases", "paper"):
                self.canon[key] = [self._canonical(key, v) for v in column]
            if spec.type in ("names", "refs"):
                # "Falbo-XL" as Falbo's own base model names an earlier Falbo, never a use of the entry itself
                self.canon[key] = [
                    frozenset(v for v in values if v.split("@")[0] != f"entry:{rid}")
                    for rid, values in zip(self.ids, self.canon[key], strict=True)
                ]
            if spec.type in ("quantity", "sizes"):
                self.nums[key] = [tuple(numbers(spec, v)) for v in column]
                self.units[key] = [getattr(v, "unit", None) if v is not None else None for v in column]
            if spec.type == "enum":
                unknown = {v.value for v in spec.values if v.unknown}
                self.unknown[key] = [bool(v) and not spec.multiple and v in unknown for v in column]
        for key, spec in profile.fields.items():
            if spec.inherit and key in self.canon and spec.inherit in self.canon:
                # an entry that records none takes the values of the entries it names ("its base model's")
                own = list(self.canon[key])
                for i, values in enumerate(own):
                    if not values:
                        named = [v[6:] for v in self.canon[spec.inherit][i] if v.startswith("entry:") and "@" not in v]
                        self.canon[key][i] = frozenset().union(*(own[self.row[r]] for r in named if r in self.row))
        mention_fields = sorted(self.short)  # a name in prose is not a use of that entry
        self.mentions = [
            frozenset(v for k in mention_fields for v in self.canon[k][i] if v.startswith("entry:"))
            for i in range(len(self.ids))
        ]
        # the column arrays list questions are decided on, made now rather than by the first question asking
        for key in self.canon:
            self._postings(key)
            self._flags(key)
        self._postings("@mentions")
        for key in self.nums:
            self._number_columns(key)
        for key in self.date_columns:
            self._codes(key)

    def _canon_at(self, key: str, i: int) -> frozenset[str]:
        """The canonical values of entry ``i`` for ``key`` (none for a field without them)."""
        column = self.canon.get(key)
        return column[i] if column is not None else frozenset()

    def literals(self, row: int) -> set[str]:
        """The numbers written anywhere in an entry ("99.3", "13500"), read once when first asked."""
        if row not in self._literals:
            self._literals[row] = literals(" ".join(_strings(self.entries[row])))
        return self._literals[row]

    # ---- preparing -----------------------------------------------------------------------------------------------
    def _mentioned(self, text: str) -> frozenset[str]:
        """Entries a stored value names exactly, with the sizes it gives them ("Falbo 2 13B (reward variant)" ->
        entry:falbo-2 and entry:falbo-2@13B)."""
        if text not in self._mention_cache:
            found: set[str] = set()
            mentions = [m for m in self.names.find(text, fuzzy=False) if not _other_version(text, m.end)]
            for n, m in enumerate(mentions):
                found.add(f"entry:{m.id}")
                end = mentions[n + 1].start if n + 1 < len(mentions) else len(text)
                for size in sizes_in(text[m.start : end]):
                    found.add(f"entry:{m.id}@{size}")
            self._mention_cache[text] = frozenset(found)
        return self._mention_cache[text]

    def _canonical(self, key: str, value: Any) -> frozenset[str]:
        spec = self.profile.fields[key]
        if is_empty(value):
            return frozenset()
        if spec.type in ("enum", "category"):
            return frozenset(value if isinstance(value, list) else [value])
        texts: list[str]
        if spec.type == "paper":
            return frozenset(f"w:{w}" for w in tokens(value.title))
        if spec.type == "license":
            texts = [str(getattr(value, part)) for part in spec.parts if getattr(value, part, None)]
        elif isinstance(value, list):
            texts = [str(v) for v in value]
        else:
            texts = [str(value)]
        out: set[str] = set()
        vocab = self.vocabs.get(spec.vocabulary or "")
        if spec.type == "license" and vocab is not None:
            for part in spec.parts:
                for canonical in vocab.find(str(getattr(value, part, None) or "")):
                    out.add(f"{part}:{canonical}")
                    out |= {f"{part}:group:{g}" for g in vocab.entries[canonical].groups}  # "permissive weights"
        if key in self.short:  # words of short values ("masked language modelling"), not of prose
            for text in texts:
                out |= {f"w:{w}" for w in tokens(text)}
        for text in texts:
            if spec.type == "refs":
                # "Falbo 2.8B (Wren dialogue)": the reference is the part outside the parentheses
                out |= self._mentioned(re.sub(r"\([^)]*\)", " ", text))
            elif spec.type in ("names", "text"):
                out |= self._mentioned(text)
            if vocab is not None:
                found = vocab.find(text)
                out |= found
                for canonical in found:
                    out |= {f"group:{g}" for g in vocab.entries[canonical].groups}
                    if spec.type in ("names", "refs") and (rid := self.names.exact(canonical)) is not None:
                        out.add(f"entry:{rid}")  # "WRN30", a spelling of the vocabulary's WRN, names that entry
            out.add(f"raw:{name_key(text)}")
        return frozenset(out)

    def _only_names(self, key: str, i: int, asked: set[str]) -> bool:
        """Whether every value entry ``i`` records for names field ``key`` is one asked (by name or by group)."""
        vocab = self.vocabs.get(self.profile.fields[key].vocabulary or "")
        if vocab is None:
            return False
        raw = getattr(self.entries[i], key, None) or []
        for text in raw if isinstance(raw, list) else [raw]:
            found = vocab.find(str(text))
            if not any(c in asked or any(f"group:{g}" in asked for g in vocab.entries[c].groups) for c in found):
                return False  # (a value the vocabulary does not know is not known to be one asked)
        return True

    # ---- conditions ----------------------------------------------------------------------------------------------
    def truth(self, cond: Cond, i: int) -> Truth:
        if isinstance(cond, Atom):
            return self._atom(cond, i)
        if isinstance(cond, Not):
            inner = self.truth(cond.item, i)
            return None if inner is None else not inner
        if isinstance(cond, And):
            values = [self.truth(c, i) for c in cond.items]
            if any(v is False for v in values):
                return False
            return True if all(v is True for v in values) else None
        if isinstance(cond, Or):
            values = [self.truth(c, i) for c in cond.items]
            if any(v is True for v in values):
                return True
            return False if all(v is False for v in values) else None
        raise TypeError(f"not a condition: {cond!r}")  # pragma: no cover

    def _atom(self, atom: Atom, i: int) -> Truth:
        key = atom.field
        if key == "@id":
            return self.ids[i] in atom.values
        if key == "@mentions":
            return any(v in self.mentions[i] for v in atom.values)
        spec = self.profile.fields.get(key)
        if spec is None:
            return None
        if atom.op in ("empty", "any"):  # no value recorded / some value recorded (of the part asked, if any)
            value = getattr(self.entries[i], key, None)
            for part in atom.values:
                value = getattr(value, str(part), None) if value is not None else None
            if spec.type == "quantity" and not atom.values and value is not None:
                value = getattr(value, "value", None)  # an amount stated in words but with no number gives none
            return is_empty(value) == (atom.op == "empty")
        if atom.op in ("has", "eq", "all", "only"):
            values = self._canon_at(key, i)
            if not values:
                return False if self.profile.empty_is_none(key) else None
            if key in self.unknown and self.unknown[key][i]:
                # "unclear" is not known to be anything else, but it is what a question about unclear ones asks
                return True if any(str(v) in values for v in atom.values) else None
            if atom.op == "all":
                return all(str(v) in values for v in atom.values)
            if atom.op == "only" and spec.type == "names":  # "purely from universities": each value one asked
                return self._only_names(key, i, {str(v) for v in atom.values})
            if atom.op == "only" and spec.type == "refs":
                # "fine-tuned only the 7B Falbo": every entry it names is one asked, at a size asked if one was
                asked = {str(v) for v in atom.values}
                bases = {a.split("@")[0] for a in asked}
                named = [v for v in values if v.startswith("entry:")]
                return bool(named) and all(v in asked if "@" in v else v in bases for v in named)
            if atom.op == "only":  # "purely human-written": no value outside the ones asked
                return values <= {str(v) for v in atom.values}
            return any(str(v) in values for v in atom.values)
        if atom.agg == "count":  # "in three or more sizes": how many values the entry records
            raw = getattr(self.entries[i], key, None)
            if isinstance(raw, list):
                held = len(raw)  # (as written: "Falbo 7B" is one base model, though it holds a name and a size)
            elif key in self.nums:
                held = len(self.nums[key][i])
            else:
                held = len(self._canon_at(key, i))
            if not held and not self.profile.empty_is_none(key):
                return None
            return _compare(float(held), atom.op, atom.values)
        if spec.type == "date":
            when = self.date_columns[key][i]
            if not when:
                return None
            return _compare_date(when, atom.op, atom.values)
        if key in self.nums:
            found = self.nums[key][i]
            if not found:
                return None
            if atom.units and self.units[key][i] not in atom.units:
                return None
            if atom.agg == "every":
                return all(_compare(v, atom.op, atom.values) for v in found)
            value = max(found) if atom.agg == "max" else (min(found) if atom.agg == "min" else None)
            if value is None:
                return any(_compare(v, atom.op, atom.values) for v in found)
            return _compare(value, atom.op, atom.values)
        return None

    def matching(self, cond: Cond | None, pool: Sequence[int] | None = None) -> tuple[list[int], int]:
        """(rows where the condition holds, how many rows it could not be decided for), in the pool's order."""
        if cond is None:
            return list(range(len(self.ids)) if pool is None else pool), 0
        true, unknown = self.masks(cond)
        if pool is None:
            return np.flatnonzero(true).tolist(), int(unknown.sum())
        rows = np.asarray(pool, dtype=np.int64)
        return rows[true[rows]].tolist(), int(unknown[rows].sum())

    # ---- conditions over whole columns ---------------------------------------------------------------------------
    def masks(self, cond: Cond) -> tuple[np.ndarray, np.ndarray]:
        """(rows where ``cond`` is true, rows where it is unknown) for every entry at once: the same three-valued
        logic as ``truth``, on boolean arrays."""
        if isinstance(cond, Atom):
            return self._atom_masks(cond)
        if isinstance(cond, Not):
            true, unknown = self.masks(cond.item)
            return ~true & ~unknown, unknown
        parts = [self.masks(c) for c in cond.items]
        if isinstance(cond, And):
            every = np.logical_and.reduce([t for t, _ in parts])
            some_false = np.logical_or.reduce([~t & ~u for t, u in parts])
            return every, ~every & ~some_false
        if isinstance(cond, Or):
            some = np.logical_or.reduce([t for t, _ in parts])
            return some, ~some & np.logical_or.reduce([u for _, u in parts])
        raise TypeError(f"not a condition: {cond!r}")  # pragma: no cover

    def _atom_masks(self, atom: Atom) -> tuple[np.ndarray, np.ndarray]:
        cached = self._mask_cache.get(atom)
        if cached is None:
            cached = self._atom_masks_uncached(atom)
            for mask in cached:
                mask.flags.writeable = False  # (shared between questions and threads: read, never changed)
            if len(self._mask_cache) >= _MASK_CACHE:
                self._mask_cache.clear()
            self._mask_cache[atom] = cached
        return cached

    def _atom_masks_uncached(self, atom: Atom) -> tuple[np.ndarray, np.ndarray]:
        size, key = len(self.ids), atom.field
        if key == "@id":
            true = np.zeros(size, dtype=bool)
            true[[self.row[str(v)] for v in atom.values if str(v) in self.row]] = True
            return true, np.zeros(size, dtype=bool)
        spec = self.profile.fields.get(key)
        if key == "@mentions" or (spec is not None and atom.op in ("has", "eq")):
            # any of the values asked: the rows holding each, from the column's postings
            hit = np.zeros(size, dtype=bool)
            postings = self._postings(key)
            for value in atom.values:
                found = postings.get(str(value))
                if found is not None:
                    hit[found] = True
            if key == "@mentions":
                return hit, np.zeros(size, dtype=bool)
            present, marked_unknown = self._flags(key)
            unknown = marked_unknown & ~hit
            if not self.profile.empty_is_none(key):
                unknown |= ~present
            return hit, unknown
        if key in self.nums and atom.agg != "count" and atom.op in ("gt", "ge", "lt", "le", "between"):
            return self._number_masks(atom)
        # anything else depends on the entry's values of that field alone: decided once per distinct value
        codes, rows = self._codes(key)
        per_value = [self._atom(atom, r) for r in rows]
        true = np.array([t is True for t in per_value], dtype=bool)
        unknown = np.array([t is None for t in per_value], dtype=bool)
        return true[codes], unknown[codes]

    def _number_masks(self, atom: Atom) -> tuple[np.ndarray, np.ndarray]:
        """A comparison of a number field on its column arrays: every number with its row, each row's largest and
        smallest, each row's unit."""
        flat, owners, counts, largest, smallest, units = self._number_columns(atom.field)
        size = len(self.ids)

        def compare(values: np.ndarray) -> np.ndarray:
            if atom.op == "between":
                return (values >= atom.values[0]) & (values <= atom.values[1])
            ref = atom.values[0]
            return {"gt": values > ref, "ge": values >= ref, "lt": values < ref, "le": values <= ref}[atom.op]

        if atom.agg == "max":
            held = compare(largest)
        elif atom.agg == "min":
            held = compare(smallest)
        else:
            passed = np.bincount(owners, weights=compare(flat), minlength=size)
            held = passed == counts if atom.agg == "every" else passed > 0
        unknown = counts == 0
        if atom.units:
            unknown |= ~np.isin(units, list(atom.units))
        return held & ~unknown, unknown

    def _number_columns(self, key: str) -> tuple[np.ndarray, ...]:
        if key not in self._number_cache:
            column = self.nums[key]
            counts = np.fromiter((len(v) for v in column), dtype=np.int64, count=len(column))
            flat = np.fromiter((x for v in column for x in v), dtype=np.float64, count=int(counts.sum()))
            owners = np.repeat(np.arange(len(column)), counts)
            largest = np.array([max(v) if v else np.nan for v in column], dtype=np.float64)
            smallest = np.array([min(v) if v else np.nan for v in column], dtype=np.float64)
            units = np.array([u or "" for u in self.units[key]], dtype=object)
            self._number_cache[key] = (flat, owners, counts, largest, smallest, units)
        return self._number_cache[key]

    def _postings(self, key: str) -> dict[str, np.ndarray]:
        """Canonical value -> the rows holding it (``@mentions``: entry -> the rows naming it)."""
        if key not in self._posting_cache:
            column = self.mentions if key == "@mentions" else self.canon.get(key, [])
            rows: dict[str, list[int]] = {}
            for i, values in enumerate(column):
                for value in values:
                    rows.setdefault(value, []).append(i)
            self._posting_cache[key] = {v: np.asarray(r, dtype=np.int64) for v, r in rows.items()}
        return self._posting_cache[key]

    def _flags(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(rows that record some canonical value of ``key``, rows whose enum value means "unknown")."""
        if key not in self._flag_cache:
            size = len(self.ids)
            column = self.canon.get(key)
            present = np.zeros(size, dtype=bool) if column is None else np.fromiter(map(bool, column), bool, size)
            marked = self.unknown.get(key)
            unknown = np.zeros(size, dtype=bool) if marked is None else np.asarray(marked, dtype=bool)
            self._flag_cache[key] = (present, unknown)
        return self._flag_cache[key]

    def _codes(self, key: str) -> tuple[np.ndarray, list[int]]:
        """Each row's code for what a condition on ``key`` reads of it, and one row of each code: rows with the same
        stored value, canonical values, date, numbers, unit and unknown mark answer every condition alike."""
        if key not in self._code_cache:
            columns: list[Sequence[Any]] = [
                column
                for column in (self.canon.get(key), self.date_columns.get(key), self.nums.get(key),
                               self.units.get(key), self.unknown.get(key))
                if column is not None
            ]  # fmt: skip
            seen: dict[tuple[Any, ...], int] = {}
            codes = np.empty(len(self.ids), dtype=np.int64)
            rows: list[int] = []
            for i, entry in enumerate(self.entries):
                signature = (repr(getattr(entry, key, None)), *(column[i] for column in columns))
                code = seen.setdefault(signature, len(seen))
                if code == len(rows):
                    rows.append(i)
                codes[i] = code
            self._code_cache[key] = (codes, rows)
        return self._code_cache[key]

    # ---- values for relative conditions and ranking --------------------------------------------------------------
    def value_of(self, rid: str, key: str) -> Any:
        """A value of entry ``rid`` for the reader: a field, its numbers (``@numbers:F``), its canonical values
        (``@canon:F``), the entries it mentions (``@mentions``); ``@anywhere:F`` with a canonical value instead of
        an id asks whether any entry holds it."""
        if key.startswith("@anywhere:"):
            column = self.canon.get(key.split(":", 1)[1], [])
            return any(rid in values for values in column)
        i = self.row.get(rid)
        if i is None:
            return None
        if key == "name":
            return self.entries[i].name
        if key in ("@later", "@earlier"):
            return self.version(rid, key == "@later")
        if key == "@line":
            return self.line(rid)
        if key == "@mentions":
            return sorted(self.mentions[i])
        if key.startswith("@numbers:"):
            numbers_column = self.nums.get(key.split(":", 1)[1])
            return list(numbers_column[i]) if numbers_column is not None else []
        if key.startswith("@canon:"):
            field = key.split(":", 1)[1]
            values = self._canon_at(field, i)
            entries = sorted(v for v in values if v.startswith("entry:"))
            plain = sorted(v for v in values if not v.startswith(("entry:", "group:", "raw:")))
            return tuple(entries or plain)
        return getattr(self.entries[i], key, None)

    def measure(self, key: str, i: int, agg: str, units: tuple[str, ...] = ()) -> float | str | None:
        """The value an entry is ranked by: its date, or the max or min of its numbers (in ``units``, if given)."""
        if self.profile.fields[key].type == "date":
            return self.date_columns[key][i]
        if agg == "count":  # how many values the entry records
            raw = getattr(self.entries[i], key, None)
            return float(len(raw)) if isinstance(raw, list) and raw else None
        found = self.nums.get(key, [()] * len(self.ids))[i]
        if not found or (units and self.units[key][i] not in units):
            return None
        return max(found) if agg == "max" else min(found)

    def tally_values(self, key: str, i: int) -> list[str]:
        """The values of field ``key`` of entry ``i`` to count: canonical names, the entries named, or the raw
        values."""
        values = self._canon_at(key, i)
        spec = self.profile.fields[key]
        if spec.type in ("enum", "category"):
            return sorted(values)
        entries = sorted(v for v in values if v.startswith("entry:") and "@" not in v)
        plain = sorted(v for v in values if not v.startswith(("entry:", "group:", "raw:", "w:")) and ":" not in v)
        if spec.type == "refs" and entries:
            return entries
        if plain:
            return plain
        raw = getattr(self.entries[i], key, None) or []
        return [str(v) for v in (raw if isinstance(raw, list) else [raw])]

    def version(self, rid: str, later: bool) -> str | None:
        """The entry that is the next (or the previous) version of entry ``rid``: a dated entry of the same line of
        names ("Falbo" -> "Falbo 2", "Super-Wren" from "Wren", "Corvid-1b" -> "Corvid-2"), in the same category
        first and then the nearest in time; None when the review has none."""
        i = self.row.get(rid)
        start = self.dates[i] if i is not None else None
        if i is None or not start:
            return None
        mine = name_key(self.entries[i].name)
        category = self.profile.category_field
        found: list[tuple[bool, int, str, str]] = []  # (other category, -strength, date, id)
        for j, other in enumerate(self.entries):
            when = self.dates[j]
            if j == i or not when or when == start or (when > start) != later:
                continue
            strength = _same_line(mine, name_key(other.name), later)
            if strength:
                same = category is not None and getattr(other, category, None) == getattr(self.entries[i], category)
                found.append((not same, -strength, when, self.ids[j]))
        if not found:
            return None
        found.sort(key=lambda f: f[3])
        found.sort(key=lambda f: f[2], reverse=not later)  # nearest in time first (stable: ids break ties)
        return min(found, key=lambda f: (f[0], f[1]))[3]  # the first of the best, so the nearest

    def line(self, rid: str) -> tuple[str, ...]:
        """Entry ``rid`` and the other versions of it ("the Falbo family": Falbo, Falbo 2, Falbo Collection; not
        Super-Falbo, whose name only ends with it)."""
        i = self.row.get(rid)
        if i is None:
            return ()
        mine = name_key(self.entries[i].name)
        found = [rid]
        for j, other in enumerate(self.entries):
            theirs = name_key(other.name)
            if j != i and (
                max(_same_line(mine, theirs, True), _same_line(mine, theirs, False)) == 2
                or (len(mine) >= 4 and theirs.startswith(mine))
            ):
                found.append(self.ids[j])
        return tuple(found)

    def named(self, text: str) -> list[str]:
        """Entries a text names exactly."""
        return sorted(v.removeprefix("entry:") for v in self._mentioned(text) if "@" not in v)

    def linked(self, rid: str, key: str) -> list[str]:
        """Entries that field ``key`` of entry ``rid`` names (its base models' own entries)."""
        i = self.row.get(rid)
        if i is None or key not in self.canon:
            return []
        return sorted(v.removeprefix("entry:") for v in self.canon[key][i] if v.startswith("entry:") and "@" not in v)


def _same_line(a: str, b: str, later: bool) -> int:
    """How surely name key ``b`` is another version of ``a`` (0: not at all): 2 when only a version number sets them
    apart ("falbo" and "falbo2", "corvid1b" and "corvid2", the number rising for a later one), 1 when one name holds
    the other ("wren" and "superwren")."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < 4 or short == long_:
        return 0
    va, vb = _VERSIONED.fullmatch(a), _VERSIONED.fullmatch(b)
    if va and vb and va.group(1) == vb.group(1):
        na, nb = int(va.group(2)), int(vb.group(2))
        return 2 if (nb > na if later else nb < na) else 0  # ("corvid1b" and "corvid1v" are siblings)
    if long_.startswith(short) and re.fullmatch(r"\d+(?:\.\d+)?[a-z]?", long_[len(short) :]):
        return 2 if (len(b) > len(a)) == later else 0
    return 1 if short in long_ else 0


_VERSIONED = re.compile(r"([a-z]{3,})(\d+)[a-z]?")


def _other_version(text: str, end: int) -> bool:
    """A name followed by more of a version number ("Mentor-3" in "Mentor-3.5-Turbo", "Falbo" in "Falbo-2") is
    another model; a size ("Falbo-7B") is the same one."""
    m = re.match(r"[.\-](\d+(?:\.\d+)?)([A-Za-z]?)", text[end:])
    return m is not None and m.group(2).lower() not in ("b", "m", "k", "x")


def _compare(value: Any, op: str, args: Sequence[Any]) -> bool:
    ref = args[0]
    if op == "gt":
        return bool(value > ref)
    if op == "ge":
        return bool(value >= ref)
    if op == "lt":
        return bool(value < ref)
    if op == "le":
        return bool(value <= ref)
    if op == "between":
        return bool(args[0] <= value <= args[1])
    return bool(value == ref)


def _compare_date(when: str, op: str, args: Sequence[Any]) -> bool | None:
    """A date condition on a ``YYYY-MM`` value, or on a year alone (``YYYY``, month unknown): true or false when every
    month of the year gives the same answer, unknown otherwise."""
    if len(when) != 4:
        return _compare(when, op, args)
    if op == "eq":  # the year itself, or a month of it (unknown which) or of another year (false)
        asked = str(args[0])
        return when == asked if len(asked) == 4 else (None if asked.startswith(when) else False)
    first, last = _compare(f"{when}-01", op, args), _compare(f"{when}-12", op, args)
    return first if first == last else None


def _strings(value: Any) -> list[str]:
    """Every string inside an entry's value (texts, names, titles, notes), depth first."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    dump = getattr(value, "model_dump", None)
    return _strings(dump()) if dump is not None else []
