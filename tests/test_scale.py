"""Mechanisms that keep a large review fast, checked against plain readings of the same rules (fast tier)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reviewqa.corpus import load_corpus
from reviewqa.lexicon import Lexicon
from reviewqa.names import NameTable
from reviewqa.table import Table
from reviewqa.values import name_key

from .conftest import CORPUS

_CORPUS = load_corpus(CORPUS)
_IDS = [r.id for r in _CORPUS.records]
_ENTRIES = [r.entry for r in _CORPUS.records]
_LEXICON = Lexicon(_CORPUS.profile, _IDS, _ENTRIES)
_NAMES: NameTable = _LEXICON.names


def _plain_find(table: NameTable, text: str, max_words: int = 6) -> list[tuple[str, int, int]]:
    """Exact names as the finder's rule states it, slowly: every run of up to six words not crossing punctuation,
    keyed whole; the longest wins, and no two overlap."""
    words = list(re.finditer(r"[^\W_]+", text))
    found = []
    for i in range(len(words)):
        for n in range(1, max_words + 1):
            if i + n > len(words):
                break
            start, end = words[i].start(), words[i + n - 1].end()
            if n > 1 and re.search(r"[,;:?!()]|\.\s", text[start:end]):
                break
            key = name_key(text[start:end])
            if key in table.table:
                found.append((end - start, table.table[key], start, end))
    found.sort(key=lambda c: c[0], reverse=True)
    taken: list[tuple[str, int, int]] = []
    for _, rid, start, end in found:
        if all(end <= s or start >= e for _, s, e in taken):
            taken.append((rid, start, end))
    return sorted(taken, key=lambda m: m[1])


_PIECES = [
    *sorted({n for rid in _IDS for n in (rid, *_NAMES._keys_of.get(rid, ()))})[:400],
    "Falbo", "the", "data", "7B", "2", "-", ".", ", ", "; ", ". ", " (", ") ", ": ", "é", "Ünï", "_",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14), st.lists(st.sampled_from([" ", "-", "", "  ", "/"])))
def test_the_name_finder_finds_what_its_plain_rule_finds(pieces, glue):
    """Keying each word once, stopping at punctuation found once, and stopping a run that begins no name give the
    same mentions as keying every run whole."""
    text = "".join(p + (glue[n % len(glue)] if glue else " ") for n, p in enumerate(pieces))
    got = [(m.id, m.start, m.end) for m in _NAMES.find(text, fuzzy=False)]
    assert got == _plain_find(_NAMES, text)


def test_the_name_finder_reads_every_entry_text_as_its_plain_rule_does():
    for entry in _ENTRIES:
        for text in (str(getattr(entry, k, "") or "") for k in ("summary", "notes", "name")):
            got = [(m.id, m.start, m.end) for m in _NAMES.find(text, fuzzy=False)]
            assert got == _plain_find(_NAMES, text), text[:80]


def _plain_vocabulary_find(vocab, text: str) -> set[str]:
    from reviewqa.values import tokens

    toks = tokens(text)
    spans = [
        (i, i + len(spelling), canonical)
        for spelling, canonical in vocab._spellings
        for i in range(len(toks) - len(spelling) + 1)
        if toks[i : i + len(spelling)] == spelling
    ]
    return {c for (s, e, c) in spans if not any(s2 <= s and e <= e2 and e2 - s2 > e - s for s2, e2, _ in spans)}


def test_vocabularies_find_in_every_stored_value_what_every_spelling_tried_in_turn_finds():
    """Spellings looked up by their first word find the same values as trying each spelling at each word."""
    values = [str(v) for e in _ENTRIES for v in e.model_dump(mode="json").values() if v]
    assert values
    for vocab in _LEXICON.vocabs.values():
        for text in values:
            assert vocab.find(text) == _plain_vocabulary_find(vocab, text), (vocab.name, text[:80])


# ---- conditions over whole columns --------------------------------------------------------------------------------
_TABLE = Table(_CORPUS.profile, _IDS, _ENTRIES, _NAMES)
_FIELDS = ["@id", "@mentions", *_CORPUS.profile.fields]
_HELD = sorted({v for column in _TABLE.canon.values() for values in column for v in values})
_UNITS = [*sorted({u.name for spec in _CORPUS.profile.fields.values() for u in spec.units}), "none of them"]
_DATES = ["2019", "2021-06", "2022", "2023-01", "2023-07", "2024", "2024-11", "2025-02"]


@st.composite
def _atoms(draw):
    from reviewqa.query import Atom

    key = draw(st.sampled_from(_FIELDS))
    op = draw(st.sampled_from(["has", "all", "only", "eq", "gt", "ge", "lt", "le", "between", "empty", "any"]))
    agg = draw(st.sampled_from(["any", "max", "min", "every", "count"]))
    if op in ("gt", "ge", "lt", "le", "between"):
        spec = _CORPUS.profile.fields.get(key)
        dated = spec is not None and spec.type == "date" and agg != "count"
        pick = st.sampled_from(_DATES) if dated else st.floats(0, 2e12, allow_nan=False)
        values = tuple(sorted(draw(st.lists(pick, min_size=2, max_size=2)), key=str))
        values = values if op == "between" else values[:1]
    elif op in ("empty", "any"):
        values = ()
    else:
        ids = st.sampled_from(_IDS).map(lambda r: r if key == "@id" else f"entry:{r}")
        values = tuple(draw(st.lists(st.one_of(st.sampled_from(_HELD), ids), min_size=1, max_size=3)))
    units = tuple(draw(st.lists(st.sampled_from(_UNITS), max_size=2, unique=True)))
    return Atom(key, op, values, "asked", agg, units)


def _conditions():
    from reviewqa.query import And, Not, Or

    return st.recursive(
        _atoms(),
        lambda inner: st.one_of(
            inner.map(Not),
            st.lists(inner, min_size=2, max_size=3).map(lambda items: And(tuple(items))),
            st.lists(inner, min_size=2, max_size=3).map(lambda items: Or(tuple(items))),
        ),
        max_leaves=5,
    )


@settings(max_examples=400, deadline=None)
@given(_conditions(), st.one_of(st.none(), st.lists(st.integers(0, len(_IDS) - 1), unique=True, max_size=30)))
def test_conditions_over_whole_columns_decide_every_entry_as_one_entry_at_a_time_does(cond, pool):
    """Postings, masks and once-per-distinct-value decisions give each entry the truth ``truth`` gives it."""
    rows = range(len(_IDS)) if pool is None else pool
    truths = [_TABLE.truth(cond, i) for i in rows]
    expected = ([i for i, t in zip(rows, truths, strict=True) if t], sum(t is None for t in truths))
    assert _TABLE.matching(cond, pool) == expected
    _TABLE._mask_cache.clear()
    assert _TABLE.matching(cond, pool) == expected  # (the same when nothing was cached)
