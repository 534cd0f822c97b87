"""Reproducible synthetic corpora for benchmarks and stress tests, made from the real entries' field values.

Entry ``i`` of a synthetic corpus depends only on the seed, ``i`` and the real corpus, so a 10 000-entry corpus is the
first 10 000 entries of the 100 000-entry one. Each field is copied from a random real entry (dates, amounts and
texts are made up), names are invented words, so they never collide with real names. Not used on the answering path.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from .corpus import Corpus, Record
from .profile import Profile
from .schema import entry_model

__all__ = ["synthetic_corpus"]

_SYLLABLES = (
    "ka lo mi nu re sa ti vo ze qua bri dor fen gal hul jin kor lum mar nex or pim ral sul tor vex wyn xa yor".split()
)


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _data(i: int, real: list[dict[str, Any]], profile: Profile, seed: int) -> dict[str, Any]:
    rng = random.Random(seed * 1_000_003 + i)
    name = f"{_name(rng)}-{i}"
    data: dict[str, Any] = {"name": name}
    donors = [rng.choice(real) for _ in range(3)]
    texts = profile.fields_of("text")
    for key, spec in profile.fields.items():
        donor = rng.choice(donors)
        if spec.type in ("aliases", "extra", "paper") or key in texts[:1]:
            continue
        if spec.type == "date":
            data[key] = f"{rng.randint(2019, 2024)}-{rng.randint(1, 12):02d}"
        elif spec.type == "quantity" and spec.units:
            amount = round(10 ** rng.uniform(3, 6.5))
            data[key] = {"stated": f"{amount:,}", "value": amount, "unit": rng.choice(spec.units).name}
        elif spec.type == "sources":
            data[key] = [{"url": f"https://example.org/synthetic/{seed}/{i}"}]
        elif key in donor:
            data[key] = donor[key]
    if texts:
        others = ", ".join(d["name"] for d in donors)
        facts = "; ".join(
            f"{profile.label(k).lower()}: {v}" for k, v in data.items() if isinstance(v, str) and k != "name"
        )
        data[texts[0]] = f"{name} is compared in its paper with {others}. Its record says {facts}."
    return data


def synthetic_corpus(size: int, real: Corpus, seed: int = 7) -> Corpus:
    """A corpus of ``size`` invented entries built from ``real``'s field values, in memory."""
    profile = real.profile
    model = entry_model(profile)
    donors = [json.loads(r.entry.model_dump_json(exclude_none=True)) for r in real.records]
    records = []
    for i in range(size):
        rid = f"synthetic-{i:06d}"
        records.append(Record.make(rid, model.model_validate(_data(i, donors, profile, seed)), Path(f"{rid}.yaml")))
    return Corpus(Path("synthetic"), tuple(records), profile)
