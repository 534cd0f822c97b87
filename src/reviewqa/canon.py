"""Canonical values: the vocabulary check, references to entries, the profile's dating rule.

A field that names a vocabulary in the profile holds only that vocabulary's canonical spellings (or, with
``check_values: known``, their aliases too), a group of them, or references to entries (a teacher model the review
has an entry for). A reference field (``refs``) holds references ``"<entry id> <size>"`` ("falbo 13B") to entries of
the corpus, or a name of its vocabulary for a model the review has no entry for; when the corpus is read, a reference
is rendered with the entry's name ("Falbo 13B"), so everything downstream reads names. ``Resolver.issues`` reports
every value that breaks these rules, with the closest canonical values as suggestions; ``canonical_data`` rewrites an
importer's values into the accepted form.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from .profile import FieldSpec, Profile
from .values import format_count, is_empty, name_key, size_range

__all__ = [
    "Issue",
    "Resolver",
    "canonical_data",
    "license_names",
    "rendered_fields",
    "split_ref",
    "value_counts",
    "values_report",
]

_REF = re.compile(r"^(?P<ref>.+?)(?:\s+(?P<size>\d+(?:\.\d+)?\s*[KMBT]))?$", re.I)
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
SIZE_TOLERANCE = 0.05  # a written size names a stored one within 5 % ("738M" is "770M") or within its own precision


@dataclass(frozen=True)
class Issue:
    """One value that breaks the profile's rules: where in the record (field, index) and what to write instead."""

    field: str
    index: int | None
    message: str


def split_ref(value: str) -> tuple[str, str | None]:
    """``"falbo 13B"`` -> ``("falbo", "13B")``; ``"Wren"`` -> ``("Wren", None)``."""
    m = _REF.match(value.strip())
    if m is None:  # only an empty string
        return value, None
    size = m.group("size")
    return m.group("ref"), (size.replace(" ", "").upper() if size else None)


def license_names(text: str) -> list[str]:
    """The licenses a license part names, qualifiers dropped: ``"Acme-1.0 (weights); Quill (data)"`` ->
    ``["Acme-1.0", "Quill"]``."""
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(text + ";"):
        depth += (char == "(") - (char == ")")
        if char == ";" and depth <= 0:
            pieces.append(text[start:i])
            start = i + 1
    return [_QUALIFIER.sub("", piece).strip() for piece in pieces if piece.strip()]


def _suggest(text: str, choices: Sequence[str]) -> str:
    best = process.extract(text, list(choices), scorer=fuzz.WRatio, processor=str.lower, limit=3, score_cutoff=60)
    return f"; closest: {', '.join(repr(c) for c, _, _ in best)}" if best else ""


class Resolver:
    """The canonical spellings of a profile's vocabularies and the entries of one corpus, to check and render values."""

    def __init__(self, profile: Profile, entries: Mapping[str, Any]) -> None:
        """``entries``: record id -> the entry, a validated model or the plain data an importer builds."""
        self.p = profile
        alias_field, size_field = profile.first_of("aliases"), profile.first_of("sizes")

        def get(entry: Any, key: str | None) -> Any:
            if key is None:
                return None
            return entry.get(key) if isinstance(entry, Mapping) else getattr(entry, key, None)

        # record id -> (name, aliases, sizes as plain numbers)
        self.entries: dict[str, tuple[str, list[str], list[float]]] = {
            rid: (
                str(get(entry, "name") or rid),
                [str(a) for a in get(entry, alias_field) or []],
                [float(v) for v in get(entry, size_field) or []],
            )
            for rid, entry in entries.items()
        }
        self.canonical: dict[str, set[str]] = {}
        self.alias_of: dict[str, dict[str, str]] = {}
        for vocab, items in profile.vocabularies.items():
            self.canonical[vocab] = {item.name for item in items}
            keys: dict[str, str] = {}
            for item in items:
                for spelling in (item.name, *item.aliases):
                    keys.setdefault(name_key(spelling), item.name)
            self.alias_of[vocab] = keys
        self.group_keys = {
            vocab: {name_key(w) for g in profile.groups if g.vocabulary == vocab for w in (g.id, *g.words)}
            for vocab in profile.vocabularies
        }
        self.entry_of_key: dict[str, str] = {}
        for rid, (name, aliases, _) in self.entries.items():
            for spelling in (rid, name, *aliases):
                self.entry_of_key.setdefault(name_key(spelling), rid)
        self.scale = profile.fields[size_field].scale if size_field else 1.0

    # ---- names ---------------------------------------------------------------------------------------------------
    def _name_issue(self, vocab: str, value: str, what: str) -> str | None:
        if value in self.canonical[vocab] or name_key(value) in self.group_keys[vocab]:
            return None  # a canonical value, or a group of them ("some Acme model")
        known = self.alias_of[vocab].get(name_key(value))
        if known and self.p.check_values == "known":
            return None
        if known:
            return f"{what} {value!r} is spelled {known!r} in the vocabulary {vocab!r}; write {known!r}"
        hint = _suggest(value, sorted(self.canonical[vocab]))
        return f"{what} {value!r} is not in the vocabulary {vocab!r} (add it to the profile, or correct it){hint}"

    # ---- references ----------------------------------------------------------------------------------------------
    def _size_issue(self, rid: str, size: str) -> str | None:
        sizes = self.entries[rid][2]
        if not sizes:
            return None
        low, high = size_range(size) or (0.0, 0.0)
        wanted = (low + high) / 2
        for stored in sizes:
            value = stored * self.scale
            if low <= value <= high or abs(value - wanted) <= SIZE_TOLERANCE * value:
                return None
        listed = ", ".join(format_count(s * self.scale) for s in sizes)
        return f"{self.entries[rid][0]} has the sizes {listed}; {size} is not one of them"

    def _ref_issue(self, spec: FieldSpec, value: str) -> str | None:
        ref, size = split_ref(value)
        if ref in self.entries:
            return self._size_issue(ref, size) if size else None
        vocab = spec.vocabulary
        if vocab and ref in self.canonical[vocab]:
            return None
        rid = self.entry_of_key.get(name_key(ref))
        if rid is not None:
            wanted = f"{rid} {size}" if size else rid
            return f"{ref!r} is the entry {rid!r}: write {wanted!r}"
        if vocab and name_key(ref) in self.alias_of[vocab]:
            known = self.alias_of[vocab][name_key(ref)]
            wanted = f"{known} {size}" if size else known
            return f"{ref!r} is spelled {known!r} in the vocabulary {vocab!r}; write {wanted!r}"
        choices = sorted(self.entries) + (sorted(self.canonical[vocab]) if vocab else [])
        where = f"an entry id or a name of the vocabulary {vocab!r}" if vocab else "an entry id"
        return f"{ref!r} is not {where}; write '<entry id> <size>' (like 'some-entry 7B'){_suggest(ref, choices)}"

    def unknown_name(self, spec: FieldSpec, value: str) -> str | None:
        """The name a value would add to its field's vocabulary, or None when the value is known already (a
        canonical name, an alias, a group, or an entry of the review and a reference to one)."""
        vocab = spec.vocabulary
        if not vocab:
            return None
        name = split_ref(value)[0] if spec.type == "refs" else value
        if name in self.canonical[vocab] or name_key(name) in self.alias_of[vocab]:
            return None
        if name_key(name) in self.group_keys[vocab] or name in self.entries or name_key(name) in self.entry_of_key:
            return None
        return name

    def render(self, value: str) -> str:
        """A reference as answers show it: the entry's name and the size; other values unchanged."""
        ref, size = split_ref(value)
        if ref not in self.entries:
            return value
        name = self.entries[ref][0]
        if not size or name_key(name).endswith(name_key(size)):  # "Wren 7B", not "Wren 7B 7B"
            return name
        return f"{name} {size}"

    def written(self, spec: FieldSpec, value: str) -> str:
        """A value as the rules want it written: an alias of the vocabulary as its canonical name, a named entry as
        its reference; anything else unchanged."""
        vocab = spec.vocabulary
        if vocab and value in self.canonical[vocab]:
            return value
        ref, size = split_ref(value)
        if ref in self.entries or (vocab and ref in self.canonical[vocab]):
            return value
        known = self.alias_of[vocab].get(name_key(value)) if vocab else None
        if known:
            return known
        rid = self.entry_of_key.get(name_key(ref))
        if rid is not None:
            return f"{rid} {size}" if size else rid
        whole = self.entry_of_key.get(name_key(value))  # a name that ends like a size ("Wren 7B" itself)
        if whole is not None:
            return whole
        known = self.alias_of[vocab].get(name_key(ref)) if vocab else None
        if known and size:
            return f"{known} {size}"
        joined = re.match(r"^(?P<ref>.+?)-(?P<size>\d+(?:\.\d+)?[KMBT])$", value.strip(), re.I)
        if joined:  # "Falbo-7B", as reviews often write a checkpoint
            spaced = f"{joined.group('ref')} {joined.group('size')}"
            again = self.written(spec, spaced)
            return again if again != spaced else value
        return value

    # ---- a record ------------------------------------------------------------------------------------------------
    def issues(self, record: Any) -> list[Issue]:
        """Every value of ``record`` (an entry model) that the vocabulary check or the reference rules reject."""
        out: list[Issue] = []
        for key, spec in self.p.fields.items():
            value = getattr(record, key, None)
            if value is None:
                continue
            if spec.type == "date" and spec.earliest_of:
                out += self._date_issues(record, key, spec)
            if self.p.check_values == "off":
                continue
            if spec.type == "refs" and spec.vocabulary:
                for i, item in enumerate(value):
                    msg = self._ref_issue(spec, item)
                    if msg:
                        out.append(Issue(key, i, msg))
            elif spec.vocabulary and spec.type == "names":
                for i, item in enumerate(value):
                    ref, size = split_ref(item)
                    if ref in self.entries:
                        msg = self._size_issue(ref, size) if size else None
                    else:
                        msg = self._name_issue(spec.vocabulary, item, "value")
                    if msg:
                        out.append(Issue(key, i, msg))
            elif spec.vocabulary and spec.type == "license":
                for part in spec.parts:
                    text = getattr(value, part, None)
                    for name in license_names(text or ""):
                        msg = self._name_issue(spec.vocabulary, name, "license")
                        if msg:
                            out.append(Issue(f"{key}.{part}", None, msg))
        return out

    def _date_issues(self, record: Any, key: str, spec: FieldSpec) -> list[Issue]:
        mine = getattr(record, key, None)
        out = []
        for other in spec.earliest_of:
            theirs = getattr(record, other, None)
            if mine is None or theirs is None:
                continue
            if str(theirs) < str(mine):
                out.append(Issue(key, None, f"{key} {mine} is later than {other} {theirs}; {key} is the earliest of "
                                 f"them ({self.p.fields[key].description or 'the dating rule'})"))  # fmt: skip
            elif str(theirs) == str(mine):
                out.append(Issue(other, None, f"{other} is the same month as {key}; state it only when it differs"))
        return out


def rendered_fields(profile: Profile) -> list[str]:
    """The fields whose values may hold references to entries, rendered with the entries' names."""
    return [k for k, s in profile.fields.items() if s.type == "refs" or (s.type == "names" and s.vocabulary)]


def value_counts(profile: Profile, key: str, values: Iterable[Any]) -> list[tuple[str, int]]:
    """How often each value of field ``key`` occurs across ``values`` (one stored value per record), most used first;
    license parts count each license they name, lists each item."""
    spec = profile.fields[key]
    counts: Counter[str] = Counter()
    for value in values:
        if is_empty(value):
            continue
        if spec.type == "license":
            names = {n for part in spec.parts for n in license_names(getattr(value, part, None) or "")}
            counts.update(names)
        elif isinstance(value, list):
            counts.update(str(v) for v in dict.fromkeys(value))
        elif hasattr(value, "model_dump"):
            counts[str(getattr(value, "stated", None) or value.model_dump())] += 1
        else:
            counts[str(value)] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))


def canonical_data(profile: Profile, entries: dict[str, dict[str, Any]]) -> None:
    """Rewrite the values of plain entry data (``id -> field -> value``, as an importer builds it) in the form the
    rules above accept, in place: a named entry becomes its reference ("Falbo 13B" -> "falbo 13B"), an alias its
    canonical name; values neither names stay as they are, for ``validate`` to report."""
    resolver = Resolver(profile, entries)
    for data in entries.values():
        for key in rendered_fields(profile):
            if isinstance(data.get(key), list):
                data[key] = [resolver.written(profile.fields[key], str(v)) for v in data[key]]
        for key in profile.fields_of("license"):
            spec, value = profile.fields[key], data.get(key)
            if spec.vocabulary and isinstance(value, dict):
                for part, text in value.items():
                    if part in spec.parts and isinstance(text, str):
                        for name in license_names(text):
                            bare = re.sub(r"\s+licen[cs]e$", "", name, flags=re.IGNORECASE)  # "Acme-1.0 license"
                            known = resolver.alias_of[spec.vocabulary].get(name_key(name)) or resolver.alias_of[
                                spec.vocabulary
                            ].get(name_key(bare))
                            text = text.replace(name, known, 1) if known else text
                        value[part] = text


def values_report(profile: Profile, key: str, values: Sequence[Any], entry_names: dict[str, str]) -> list[str]:
    """The lines of ``reviewqa values KEY``: every value of the field with how many entries hold it, most used first;
    for a field with a vocabulary, each canonical name with its aliases and maker (unused ones too, at the end), and
    the entries of the review named as values (``entry_names``: name -> id)."""
    spec = profile.fields[key]
    counts = dict(value_counts(profile, key, values))
    holding = sum(1 for v in values if not is_empty(v))
    head = f"{key} ({spec.type}" + (f", vocabulary {spec.vocabulary!r}" if spec.vocabulary else "") + ")"
    lines = [f"{head}: {len(counts)} distinct values in {holding} of {len(values)} entries"]
    width = max((len(str(n)) for n in counts.values()), default=1)
    if spec.type == "enum":
        for option in spec.values:
            label = f" ({option.label})" if option.label else ""
            lines.append(f"  {counts.get(option.value, 0):>{width}}  {option.value}{label}")
        return lines
    if not spec.vocabulary:
        lines += [f"  {n:>{width}}  {value}" for value, n in counts.items()]
        return lines
    items = {item.name: item for item in profile.vocabularies[spec.vocabulary]}
    # a value with a size ("Acme-LM 7B") counts for its name, the sizes listed beside it
    used: dict[tuple[str, str], int] = {}
    sizes: dict[tuple[str, str], list[str]] = {}
    for value, n in counts.items():
        ref, size = split_ref(value)
        if value in items or ref in items:
            key_ = ("vocab", value if value in items else ref)
        elif entry_names.get(value) or entry_names.get(ref):
            key_ = ("entry", str(entry_names.get(value) or entry_names.get(ref)))
        else:
            key_ = ("other", value)
        used[key_] = used.get(key_, 0) + n
        if size and value not in items and not entry_names.get(value):
            sizes.setdefault(key_, []).append(size)
    ordered = sorted(used.items(), key=lambda kv: (-kv[1], kv[0][1].lower()))
    width = max((len(str(n)) for n in used.values()), default=1)
    names_of = {rid: name for name, rid in entry_names.items()}
    named_entries = []
    for (kind, name), n in ordered:
        listed = sorted(sizes.get((kind, name), []), key=lambda z: (size_range(z) or (0.0, 0.0))[0])
        extra = [f"sizes {', '.join(listed)}"] if listed else []
        if kind == "vocab":
            item = items[name]
            extra += [f"by {item.organization}"] if item.organization else []
            extra += [f"also {', '.join(item.aliases)}"] if item.aliases else []
            lines.append(f"  {n:>{width}}  {name}" + (f"  [{'; '.join(extra)}]" if extra else ""))
        elif kind == "entry":
            named_entries.append(
                f"  {n:>{width}}  {names_of.get(name, name)} (entry {name})"
                + (f"  [{'; '.join(extra)}]" if extra else "")
            )
        else:
            lines.append(f"  {n:>{width}}  {name} (not in the vocabulary)")
    unused = sorted(name for name in items if ("vocab", name) not in used)
    lines += [f"  {0:>{width}}  {name}" for name in unused]
    if named_entries:
        lines.append("Entries of the review named as values:")
        lines += named_entries
    return lines
