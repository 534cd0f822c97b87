"""The typed query a question is read into, and the conditions it holds.

A ``Query`` says which operation is asked (look up fields of entries, describe, answer from the text, verify, list,
count, rank, compare, search by description, or decline), about which entries, under which conditions, and which
fields. Conditions are a small expression tree — ``Atom`` joined by ``And`` / ``Or`` / ``Not`` — over typed fields.
Each node can say in words how it was read, so every answer can show the reading. Evaluating conditions against
records is ``execute.py``'s job; producing queries is ``parse.py``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal, Union

__all__ = [
    "And", "Atom", "Cond", "Not", "Op", "Or", "Query", "Rank", "atoms", "describe", "flatten_and", "map_atoms",
]  # fmt: skip

Op = Literal[
    "empty", "lookup", "describe", "text", "verify", "list", "count", "rank", "compare", "search", "tally",
    "missing", "decline",
]  # fmt: skip

AtomOp = Literal["has", "all", "only", "eq", "gt", "ge", "lt", "le", "between", "empty", "any"]


@dataclass(frozen=True)
class Atom:
    """One condition on one field.

    ``field`` is a profile field, ``@id`` (the entry itself) or ``@mentions`` (any field that names the entry in
    ``values``). ``values`` are alternatives (canonical values, entry ids, enum values, group ids prefixed ``group:``)
    for ``has``/``eq`` (``all`` needs every one, ``only`` allows no other); one number or date for comparisons; two
    for ``between``. ``agg`` says which of an entry's numbers counts ("max": its largest; "min": its smallest;
    "every": each of them, "released only at 7B"; "any": one of them).
    """

    field: str
    op: AtomOp
    values: tuple[str | float, ...]
    label: str
    agg: Literal["any", "max", "min", "every", "count"] = "any"  # "count": how many values it has
    units: tuple[str, ...] = ()  # for quantities: only values counted in these units compare

    def describe(self) -> str:
        return self.label


@dataclass(frozen=True)
class Not:
    item: Cond

    def describe(self) -> str:
        inner = self.item.describe()
        return f"not {inner}" if isinstance(self.item, Atom) else f"not ({inner})"


@dataclass(frozen=True)
class And:
    items: tuple[Cond, ...]

    def describe(self) -> str:
        return " and ".join(_wrap(i) for i in self.items)


@dataclass(frozen=True)
class Or:
    items: tuple[Cond, ...]

    def describe(self) -> str:
        return " or ".join(_wrap(i) for i in self.items)


Cond = Union[Atom, Not, And, Or]  # noqa: UP007 - a runtime alias used in isinstance-free annotations


def _wrap(cond: Cond) -> str:
    text = cond.describe()
    return f"({text})" if isinstance(cond, (And, Or)) else text


def flatten_and(conds: list[Cond]) -> Cond | None:
    """Conditions joined by "and" (None when there are none); a condition already joined is not joined again."""
    items: list[Cond] = []
    for cond in conds:
        items += [c for c in (cond.items if isinstance(cond, And) else (cond,)) if c not in items]
    if not items:
        return None
    return items[0] if len(items) == 1 else And(tuple(items))


def map_atoms(cond: Cond, change: Callable[[Atom], Cond]) -> Cond:
    """The condition tree with ``change`` applied to each of its atoms (negated ones too), its shape kept."""
    if isinstance(cond, Atom):
        return change(cond)
    if isinstance(cond, Not):
        return Not(map_atoms(cond.item, change))
    parts = tuple(map_atoms(c, change) for c in cond.items)
    return And(parts) if isinstance(cond, And) else Or(parts)


def atoms(cond: Cond | None) -> list[Atom]:
    """The atoms of a condition tree, in order (negated ones too)."""
    if cond is None:
        return []
    if isinstance(cond, Atom):
        return [cond]
    if isinstance(cond, Not):
        return atoms(cond.item)
    return [a for c in cond.items for a in atoms(c)]


def describe(cond: Cond | None) -> str:
    return cond.describe() if cond is not None else ""


@dataclass(frozen=True)
class Rank:
    """Order by ``field``; ``descending`` puts the largest or latest first; ``agg`` picks an entry's max or min, or
    counts its values ("the largest number of different sizes")."""

    field: str
    descending: bool
    agg: Literal["max", "min", "count"] = "max"
    limit: int = 1
    units: tuple[str, ...] = ()  # for quantities: rank only values counted in these units ("the most tasks")


@dataclass(frozen=True)
class Query:
    op: Op
    question: str
    subjects: tuple[str, ...] = ()  # entries the question is about
    where: Cond | None = None  # conditions on the set (lists, counts, ranks, searches, verification)
    within: tuple[str, ...] | None = None  # the set is limited to these entries (an earlier answer's results)
    fields: tuple[str, ...] = ()  # fields asked
    parts: tuple[str, ...] = ()  # parts of a license or links field asked ("the data license")
    loose: tuple[str, ...] = ()  # fields asked by an ambiguous word ("size"): left out of the answer when empty
    rank: Rank | None = None  # for rank, and for compare with a verdict
    tally: str | None = None  # for tally: the field whose values are counted ("which organization has the most works")
    missing: str | None = None  # a name the review has no entry on
    follow_up: bool = False
    yes_no: bool = False  # a comparison asked as a yes/no question ("is Falbo bigger than Wren?")
    counted: str | None = None  # a lookup counting the values of the field asked, as the question named them
    explain: bool = False  # a search asking why / what was found: the best match's sentences answer
    or_search: bool = False  # a list read from a description: when nothing meets its conditions, search instead
    pick: bool = False  # ... of one thing: of several that meet them (or score near the best), the description picks
    text_also: tuple[str, ...] = ()  # words of a lookup that no field explains: quote the sentence that has them
    stated: tuple[tuple[str, float], ...] = ()  # a rank of the entries an answer linked: the sizes it gave them
    # a measure or count asked of the entries in words no field of the review names ("the learning rate", "how many
    # GPUs"), as written, and the word stems an entry's text must hold for the review to record it
    attribute: str | None = None
    attribute_stems: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)  # how references were resolved, for the reading

    def with_(self, **changes: object) -> Query:
        return replace(self, **changes)  # type: ignore[arg-type]
