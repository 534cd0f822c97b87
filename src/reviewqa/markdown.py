"""Bring an awesome-list style markdown review in as corpus files, and write the corpus out as markdown, CSV or JSON.

Import takes the entries ``mdread`` finds by the markdown's structure and reads them through the profile: sections
become categories (by title, id, words or headings), written field names become the profile's fields (exactly, without
parentheses, by a joined name, by a counted unit, by spelling, or by most of their words), values are read by the
field's type. Nothing is merged or overwritten silently: every value or line that cannot be placed is reported with its
line; unknown fields and unreadable values are kept under ``extra``. With ``update_profile`` the profile file is first
given the fields, categories, vocabulary names and words the review needs, and the review's title, introduction,
section notes and order, which export writes back (import -> export -> import gives the same review). Files are
written only inside the target folder and never overwritten unless asked.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from rapidfuzz import fuzz
from slugify import slugify

from .canon import Resolver, canonical_data
from .corpus import SCHEMA_COMMENT, Corpus, corpus_files, safe_target, validate, write_text_atomic
from .errors import CorpusError, Problem
from .mdread import ParsedEntry, ParsedReview, RawField, read_review
from .profile import FieldSpec, Profile
from .schema import ID_PATTERN, entry_model
from .values import format_count, name_key
from .yamlfile import read_yaml

__all__ = ["ImportReport", "export_csv", "export_json", "export_markdown", "import_markdown", "parse_markdown"]

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_ENTRY = re.compile(r"^(?:[*+-]\s+)?(?:\[(?P<name>[^\]]+)\](?:\((?P<url>[^)\s]*)\))?|\*\*(?P<bold>[^*]+)\*\*)\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)[*+-]\s+(?P<text>.*)$")
_FIELD = re.compile(r"^(?P<key>[A-Za-z][^:\[\]]{0,80}?):\s*(?P<value>.*)$")
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmbt])\b", re.I)
_QUANTITY = re.compile(r"^(?P<stated>.+?) \((?P<value>\d[\d.e+-]*|\?)(?: (?P<unit>[A-Za-z_-]+))?\)$")
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
_SUFFIX = {1e3: "K", 1e6: "M", 1e9: "B", 1e12: "T"}
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def _norm(text: str) -> str:
    text = re.sub(r"\(([^)]*)\)", r" \1 ", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass
class ImportReport:
    found: int = 0  # entries found in the file
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # existing files not overwritten
    unplaced: list[str] = field(default_factory=list)  # lines or fields it could not place
    problems: list[str] = field(default_factory=list)  # schema problems in written files
    recognised: list[str] = field(default_factory=list)  # navigation, badges, related links: skipped on purpose
    proposed: list[str] = field(default_factory=list)  # profile fields and categories added or to add
    planned: dict[str, str] = field(default_factory=dict)  # path -> text, of a dry run


class _Fields:
    """How field names written in a review map to the profile's fields (and parts of them)."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.names: dict[str, tuple[str, str | None]] = {"id": ("@id", None)}
        for key, spec in profile.fields.items():  # keys and labels first: they win over the words of other fields
            for name in (key.replace("_", " "), spec.label):
                self.names.setdefault(_norm(name), (key, None))
        for key, spec in profile.fields.items():
            for name in spec.words:
                self.names.setdefault(_norm(name), (key, None))
            for part in spec.parts:
                for name in (f"{spec.label} {part}", f"{part} {spec.label}", f"{key} {part}"):
                    self.names.setdefault(_norm(name), (key, part))
            if spec.type in ("license", "links"):
                self.names.setdefault(_norm(f"{spec.label} notes"), (key, "notes"))
        for key, spec in profile.fields.items():
            if spec.type != "links":
                continue
            for part, words in spec.part_words.items():  # a link's kind names the part ("Code" -> links, code)
                for name in (part, *words):
                    if self.names.get(_norm(name), (key, None)) == (key, None):
                        self.names[_norm(name)] = (key, part)

    def find(self, name: str) -> tuple[str, str | None] | None:
        """The field a written name means: exactly; without what it says in parentheses ("Params (B)"); one of the
        names it joins with "/" or "&" ("Paper/Blog"); the longest name of two words or more it starts with
        ("Amount of instruction data (after augmenting)" -> "amount of instruction data"); or a name spelled a little
        differently, word by word ("Licences")."""
        key = _norm(name)
        if not key:
            return None
        bare = _norm(re.sub(r"\([^)]*\)", " ", name))
        parts = [_norm(p) for p in re.split(r"/|&|\+|\bor\b", name) if _norm(p)]
        for candidate in (key, bare, *parts):
            if candidate in self.names:
                return self.names[candidate]
        starts = [
            n for n in self.names if " " in n and key.startswith(n + " ") and n.rsplit(" ", 1)[-1] not in _JOINING
        ]
        if starts:
            return self.names[max(starts, key=len)]
        words = key.split()
        close = [
            (fuzz.ratio(key, n), n)
            for n in self.names
            if len(n.split()) == len(words)
            and all(fuzz.ratio(a, b) >= 75 for a, b in zip(words, n.split(), strict=True))
        ]
        best = max(close, default=None)
        if best and best[0] >= 85:
            return self.names[best[1]]
        return self._by_unit(key) or self._by_stems(key)

    def _by_unit(self, key: str) -> tuple[str, str | None] | None:
        """ "Number of instances", "Total dialogues": the quantity field that counts in that unit."""
        counting = {"number", "num", "count", "total", "no", "amount", "how many"}
        words = [w for w in key.split() if w not in _JOINING and w not in counting]
        if len(words) != 1 or not counting & set(key.split()):
            return None
        for fkey, spec in self.profile.fields.items():
            for unit in spec.units:
                if words[0] in {_norm(unit.name), *(_norm(w) for w in unit.words)}:
                    return fkey, f"unit:{unit.name}"
        return None

    def _by_stems(self, key: str) -> tuple[str, str | None] | None:
        """A name whose words are mostly those of one phrase of a field, endings aside ("Data generation model" ->
        "data generator"): two words or more and two thirds of them, for one field only."""
        stems = {w[:5] for w in key.split() if w not in _JOINING}
        if len(stems) < 2:
            return None
        found: dict[tuple[str, str | None], tuple[int, float]] = {}
        for name, target in self.names.items():
            phrase = {w[:5] for w in name.split() if w not in _JOINING}
            shared = len(stems & phrase)
            if shared >= 2 and shared * 3 >= len(stems) * 2:  # then the phrase most of which is shared
                found[target] = max(found.get(target, (0, 0.0)), (shared, shared / len(phrase)))
        top = max(found.values(), default=(0, 0.0))
        winners = [t for t, n in found.items() if n == top]
        return winners[0] if len(winners) == 1 else None


_JOINING = {"of", "the", "a", "an", "for", "to", "in", "on", "by", "with", "and", "or"}


def _category(heading: str, profile: Profile) -> str | None:
    """The profile category a section heading names: by its title, id or words."""
    h = _norm(heading)
    for cat in profile.categories:
        if h in {_norm(cat.title), _norm(cat.id), *(_norm(w) for w in (*cat.words, *cat.headings))}:
            return cat.id
    for cat in profile.categories:
        if any(_norm(w) and re.search(rf"\b{re.escape(_norm(w))}\b", h) for w in cat.words):
            return cat.id
    return None


def _entry_category(entry: ParsedEntry, profile: Profile) -> str | None:
    """The category of the nearest heading above the entry that names one."""
    for title in reversed(entry.sections):
        found = _category(title, profile)
        if found:
            return found
    return None


def read_markdown(text: str, profile: Profile) -> tuple[ParsedReview, list[str]]:
    """The review read by its structure, and the problems met (lines that belong to no entry, sections with no
    category), in the order of the file."""
    names = _Fields(profile)
    review = read_review(text, lambda name: names.find(name) is not None)
    problems = list(review.problems)
    if profile.category_field:
        for section in review.sections:
            holds = [e for e in review.entries if e.section == section.title]
            if holds and _entry_category(holds[0], profile) is None:
                problems.append(
                    f"line {section.line}: section '{section.title}' matches no category of the profile "
                    f"({format_count(len(holds))} {'entry' if len(holds) == 1 else 'entries'}); add it (import "
                    "--update-profile does) or rename the heading"
                )
        if review.title and any(e.section == review.title and not e.sections[:-1] for e in review.entries):
            holds = [e for e in review.entries if e.section == review.title]
            if _entry_category(holds[0], profile) is None:
                problems.append(
                    f"line {holds[0].line}: {len(holds)} entries are under no section; import --update-profile makes "
                    f"the title '{review.title}' their category"
                )
    return review, sorted(problems, key=_line_number)


def parse_markdown(text: str, profile: Profile) -> tuple[list[ParsedEntry], list[str]]:
    """Entries with their raw fields, and the problems met."""
    review, problems = read_markdown(text, profile)
    return review.entries, problems


def _line_number(problem: str) -> int:
    found = re.match(r"line (\d+)", problem)
    return int(found.group(1)) if found else 0


def _split_list(inline: str, nested: list[str]) -> list[str]:
    items = list(nested)
    if inline:
        sep = ";" if ";" in inline else ","
        depth, buf, parts = 0, "", []
        for ch in inline:
            depth += 1 if ch in "([" else (-1 if ch in ")]" else 0)
            if ch == sep and depth == 0:
                parts.append(buf)
                buf = ""
            else:
                buf += ch
        parts.append(buf)
        items = [p.strip() for p in parts if p.strip()] + items
    return items


def _sizes(text: str, spec: FieldSpec, unit: float | None = None) -> list[float]:
    """Sizes written with a suffix ("7B, 13B and 65B", "1.5 M"), or bare numbers when the field's name gives the unit
    ("Params (B)": "3, 7 - 12")."""
    found = [round(float(v) * _SCALE[u.lower()] / spec.scale, 9) for v, u in _SIZE.findall(text)]
    if not found and unit:
        found = [
            round(float(v) * unit / spec.scale, 9) for v in re.findall(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])", text)
        ]
    return found


_UNIT_WORDS = {"k": 1e3, "thousand": 1e3, "thousands": 1e3, "m": 1e6, "million": 1e6, "millions": 1e6, "b": 1e9,
               "billion": 1e9, "billions": 1e9, "t": 1e12, "trillion": 1e12, "trillions": 1e12}  # fmt: skip


def _name_unit(name: str) -> float | None:
    """The unit a field's written name gives its numbers: "Params (B)" -> 1e9, "Samples (K)" -> 1e3."""
    found = re.search(r"\(\s*(?:in\s+)?([A-Za-z]+)\s*\)", name)
    return _UNIT_WORDS.get(found.group(1).lower()) if found else None


def _quantity(text: str, spec: FieldSpec, unit: float | None = None) -> dict[str, Any]:
    m = _QUANTITY.match(text)
    units = {u.name for u in spec.units}
    if m and (m.group("unit") is None or not units or m.group("unit") in units):
        out: dict[str, Any] = {"stated": m.group("stated")}
        if m.group("value") != "?":
            out["value"] = float(m.group("value"))
        if m.group("unit"):
            out["unit"] = m.group("unit")
        return out
    out = {"stated": text}
    first = re.search(r"(\d+(?:[.,]\d+)*)\s*([kmbt])?\b(?:\s*[*x×]\s*(\d+(?:\.\d+)?)\b)?", text, re.I)
    if first:  # "52K", "1.5 M", "roughly 52K * 5" (a product)
        value = float(first.group(1).replace(",", "")) * _SCALE.get((first.group(2) or "").lower(), unit or 1.0)
        out["value"] = value * float(first.group(3)) if first.group(3) else value
    return out


def _date(text: str) -> str | None:
    """The first date written in one of the usual forms: 2023-04, 2023/04, 04/2023, Apr 2023, April 2023, or a year
    alone (2023), which stays a year: the month is not guessed."""
    low = text.lower()
    m = re.search(r"(?<!\d)((?:19|20)\d\d)[-/.](\d{1,2})(?!\d)", low)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    m = re.search(r"(?<![\d/.])(\d{1,2})[-/.]((?:19|20)\d\d)(?!\d)", low)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    m = re.search(r"\b([a-z]{3})[a-z]*\.?,?\s+((?:19|20)\d\d)\b", low)
    if m and m.group(1) in _MONTHS:
        return f"{m.group(2)}-{_MONTHS[m.group(1)]:02d}"
    m = re.search(r"(?<![\d.])((?:19|20)\d\d)(?![\d.])", low)
    return m.group(1) if m else None


def _plain(text: str) -> str:
    """Markdown links reduced to their text."""
    return _LINK.sub(lambda m: m.group(1), text).strip()


def _license_text(text: str) -> str:
    """Keep a license's link: "[GPL v3](url)" becomes "GPL v3 (url)"."""
    return _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text).strip()


def _slug(name: str) -> str:
    """A readable id for any name, transliterated ("Ünïcode" -> "unicode", "中文" -> "zhong-wen")."""
    return slugify(name, max_length=60, word_boundary=True)


_UNKNOWN = re.compile(
    r"^(?:unknown|unclear|not sure|n/?a|none|tbd|todo|\?+|-+|—|haven'?t checked|not checked|not specified|"
    r"not (?:stated|reported|given|mentioned)|to be (?:added|checked))\.?$",
    re.I,
)


def _is_unknown(text: str) -> bool:
    """A value that says it is not known ("Unknown", "Not sure", "N/A", "-"): the field stays empty."""
    return bool(_UNKNOWN.match(text.strip()))


def _slot(found: tuple[str, str | None]) -> tuple[str, str | None]:
    """Where a matched field name puts its value: the field and part, one amount whatever unit it is counted in
    ("Number of tasks" and "Number of instances" both give the amount)."""
    key, part = found
    return key, None if part and part.startswith("unit:") else part


def _asked_as(name: str) -> str:
    """A written field name as questions would say it: lower case, without units in parentheses or underscores
    ("Params (B)" -> "params", "Model_name" -> "model name")."""
    return " ".join(re.sub(r"\([^)]*\)|_", " ", name).lower().split())


def _entry_name(parsed: ParsedEntry) -> str:
    """What the entry is called: its short name when it gives one in bold or parentheses, else the title's part
    before a colon when that is short ("Wren: Small Data for Alignment" -> "Wren"), else the title."""
    title = _plain(parsed.name)
    if parsed.short:
        return parsed.short
    head = title.split(":", 1)[0].strip()
    return head if ":" in title and head and len(head.split()) <= 5 else title


def _link_part(text: str, spec: FieldSpec) -> str | None:
    """The part of a links field a link's text names ("code", "[GitHub]" -> code; "weights" …)."""
    low = _norm(text)
    for part in spec.parts:
        if low == _norm(part) or any(low == _norm(w) for w in spec.part_words.get(part, [])):
            return part
    return None


def _field_value(raw: RawField, key: str, part: str | None, spec: FieldSpec) -> tuple[Any, str | None]:
    """(the value of one written field in the form the schema takes, or None; a problem, if any)."""
    text = " ".join([raw.inline, *raw.nested]).strip()
    kind = spec.type
    if not _plain(text):
        return None, None
    if kind not in ("license", "text", "enum") and _is_unknown(_plain(text)):
        return None, None
    if kind == "enum" and spec.multiple:
        if _norm(text) in {"both", "all", "all of them"}:
            return [v.value for v in spec.values], None  # "Both" of a two-valued field
        items = [_plain(v) for v in _split_list(raw.inline, raw.nested)]
        read = [_enum_value(v, spec) for v in items if not _is_unknown(v)]
        missing = [p for v, p in read if v is None and p]
        return [v for v, _ in read if v is not None] or None, (missing[0] if missing else None)
    if kind in ("names", "aliases", "refs"):
        items = [_plain(v) for v in _split_list(raw.inline, raw.nested)]
        return [v for v in items if v and not _is_unknown(v)] or None, None
    if kind == "sizes":
        sizes = _sizes(_plain(text), spec, _name_unit(raw.key))
        return (sizes, None) if sizes else (None, f"no sizes like '7B' in '{text[:60]}'")
    if kind == "quantity":
        return _quantity(_plain(text), spec, _name_unit(raw.key)), None
    if kind == "date":
        date = _date(text)
        return (date, None) if date else (None, f"'{text[:40]}' is not a date (2023-04, 04/2023, Apr 2023, 2023)")
    if kind == "enum":
        value, problem = _enum_value(_plain(text), spec)
        return (None, None) if value is None and _is_unknown(_plain(text)) else (value, problem)
    if kind == "paper":
        link = _LINK.search(text)
        if link is None:
            return None, f"paper '{text[:60]}' has no link"
        return {"title": link.group(1), "url": link.group(2)}, None
    if kind == "links":
        if part and part != "notes":
            link = _LINK.search(text)
            url = link.group(2) if link else text
            return (url, None) if re.match(r"https?://\S+$", url) else (None, f"'{text[:50]}' is not a link")
        return None, f"'{raw.key}' does not say which link it is"
    if kind == "license":
        parts = {}
        for item in raw.nested if not part and not raw.inline else []:  # "- Code: Acme-1.0" / "- Data: …"
            found = re.match(r"^\s*([A-Za-z ]+?)\s*[:：]\s*(.+)$", item)
            named = next((p for p in spec.parts if found and _norm(found.group(1)) == _norm(p)), None)
            if found and named:
                parts[named] = _license_text(found.group(2))
        if parts and len(parts) == len(raw.nested):
            return parts, None
        return _license_text(text), None
    return _plain(text), None  # text too: its links are among the sources


def _enum_value(text: str, spec: FieldSpec) -> tuple[Any, str | None]:
    """The enum value a written answer means: its value or label, or its first word ("Yes (including …)" -> yes)."""
    low = _norm(text)
    for value in spec.values:
        names = {_norm(value.value), _norm(value.label or value.value)}
        if low in names:
            return value.value, None
    first = low.split(" ", 1)[0] if low else ""
    for value in spec.values:
        if first and first in {_norm(value.value), _norm(value.label or value.value).split(" ", 1)[0]}:
            return value.value, None
    allowed = ", ".join(v.value for v in spec.values)
    return None, f"'{text[:50]}' is none of {allowed}"


def to_entry_data(
    parsed: ParsedEntry, profile: Profile, names: _Fields | None = None
) -> tuple[str, dict[str, Any], list[str]]:
    """(id, entry data for the YAML file, what could not be placed), each problem with its line."""
    names = names or _Fields(profile)
    data: dict[str, Any] = {}
    unplaced: list[str] = []
    title = _plain(parsed.name)
    name = _entry_name(parsed)
    data["name"] = name
    category_key = profile.category_field
    category = _entry_category(parsed, profile)
    if category and category_key:
        data[category_key] = category
    paper_key, sources_key, extra_key = (
        profile.first_of("paper"),
        profile.first_of("sources"),
        profile.first_of("extra"),
    )
    aliases_key, links_key = profile.first_of("aliases"), profile.first_of("links")
    sources: list[dict[str, str]] = []
    if parsed.url and re.match(r"https?://", parsed.url):
        if paper_key:
            data[paper_key] = {"title": title, "url": parsed.url}
        sources.append({"title": title, "url": parsed.url})
    for text, url in parsed.links:  # links beside the name: "[code](…)", "[paper](…)"
        part = _link_part(text, profile.fields[links_key]) if links_key else None
        if part and links_key:
            data.setdefault(links_key, {}).setdefault(part, url)
        elif paper_key and paper_key not in data and _norm(text) in {"paper", "pdf", "arxiv"}:
            data[paper_key] = {"title": title, "url": url}
        if not any(s["url"] == url for s in sources):
            sources.append({"title": text or title, "url": url})
    if paper_key and paper_key in data:
        data[paper_key]["title"] = title
    aliases = [a for a in parsed.aliases if a != name]
    if title != name and not (paper_key and paper_key in data) and title not in aliases:
        aliases.append(title)
    if aliases and aliases_key:
        data[aliases_key] = aliases
    rid = _slug(parsed.short or (name if len(name.split()) <= 6 else title)) or f"entry-{parsed.line}"
    given: dict[tuple[str, str | None], int] = {}
    for raw in parsed.fields:
        found = names.find(raw.key)
        if found is None:
            if extra_key:
                text = " ".join([raw.inline, *raw.nested]).strip()
                if text:
                    data.setdefault(extra_key, {})[raw.key] = text
                unplaced.append(
                    f"line {raw.line}: field '{raw.key}' is not in the profile; kept under {extra_key} "
                    "(import --update-profile adds fields written for two entries or more)"
                )
            else:
                unplaced.append(f"line {raw.line}: field '{raw.key}' is not in the profile; dropped")
            continue
        if found[0] == "@id":
            rid = raw.inline.strip() or rid
            continue
        key, part = found
        slot = _slot(found)
        if slot in given:
            if " ".join([raw.inline, *raw.nested]).strip():
                unplaced.append(
                    f"line {raw.line}: '{raw.key}' is given twice for '{name}'; the first (line {given[slot]}) is kept"
                )
            continue
        value, problem = _field_value(raw, key, part, profile.fields[key])
        if part and part.startswith("unit:") and isinstance(value, dict):  # "Number of instances": its unit
            value.setdefault("unit", part.removeprefix("unit:"))
        if problem:
            kept = f"; kept under {extra_key} as written" if extra_key else ""
            unplaced.append(f"line {raw.line}: {raw.key}: {problem}{kept}")
            if extra_key:
                data.setdefault(extra_key, {}).setdefault(raw.key, " ".join([raw.inline, *raw.nested]).strip())
        if value in (None, "", [], {}):
            continue
        given[slot] = raw.line
        kind = profile.fields[key].type
        if kind == "sources":
            sources = [
                {"title": link.group(1), "url": link.group(2)} if link else {"url": item}
                for item in _split_list(raw.inline, raw.nested)
                for link in [_LINK.search(item)]
                if link or re.match(r"https?://\S+$", item)
            ]
        elif kind in ("links", "license") and isinstance(value, dict):
            data.setdefault(key, {}).update(value)
        elif kind in ("links", "license"):
            data.setdefault(key, {})[part or "notes"] = value
        else:
            data[key] = value
    date_key = profile.date_field
    if parsed.date_text and date_key and date_key not in data:
        date = _date(parsed.date_text)
        if date:
            data[date_key] = date
    description = "; ".join(d.strip() for d in parsed.description if d.strip())
    if description:
        found = names.find("description") or names.find("summary")
        text_key = found[0] if found and profile.fields[found[0]].type == "text" else None
        if text_key and text_key not in data:
            data[text_key] = description
        elif extra_key:
            data.setdefault(extra_key, {})["Description"] = description
    if not sources:  # the links written in its fields ("Paper/Blog" column) are where its facts come from
        for raw in parsed.fields:
            for text, url in _LINK.findall(" ".join([raw.inline, *raw.nested])):
                if re.match(r"https?://", url) and not any(s["url"] == url for s in sources):
                    sources.append({"title": text, "url": url} if text else {"url": url})
    if sources and sources_key:
        data[sources_key] = sources
    return rid, data, unplaced


def _existing(folder: Path) -> dict[str, dict[str, Any]]:
    """The entries already in ``folder`` (their names, aliases and sizes are what imported references can name)."""
    out: dict[str, dict[str, Any]] = {}
    for path in corpus_files(folder):  # (a file that cannot be read names nothing; validate reports it)
        data = read_yaml(path, path.name)[0]
        if isinstance(data, dict) and ID_PATTERN.match(path.stem):
            out[path.stem] = data
    return out


def import_markdown(
    path: Path,
    into: Path,
    profile: Profile,
    force: bool = False,
    dry_run: bool = False,
    update_profile: Path | None = None,
) -> ImportReport:
    """Read the review at ``path`` into entry files in ``into``. With ``dry_run`` nothing is written (the report's
    ``planned`` holds each file's text); with ``update_profile`` (the profile's file) the fields and sections the
    profile does not know are first added to it, typed by their values, so that they are read into fields."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError([Problem(str(path), f"not UTF-8 text (byte {exc.start}); save the review as UTF-8")]) from exc
    except OSError as exc:
        raise CorpusError([Problem(str(path), f"cannot read the review: {exc.strerror}")]) from exc
    review, stray = read_markdown(text, profile)
    parsed = review.entries
    report = ImportReport(found=len(parsed), recognised=list(review.skipped))
    additions: Additions | None = None
    if update_profile is not None:
        additions = propose_profile(parsed, profile)
        if additions.fields or additions.categories:
            profile = additions.profile
            review, stray = read_markdown(text, profile)
            parsed = review.entries
    report.unplaced = list(stray)
    names = _Fields(profile)
    model = entry_model(profile)
    converted = [(item, *to_entry_data(item, profile, names)) for item in parsed]
    taken: set[str] = set()
    unique = []
    first_named: dict[str, int] = {}
    for item, rid, data, unplaced in converted:  # ids are unique: a second "wren" becomes "wren-2"
        base, n = rid, 2
        while rid in taken:
            rid, n = f"{base}-{n}", n + 1
        taken.add(rid)
        unique.append((item, rid, data, unplaced))
        seen = first_named.setdefault(name_key(str(data.get("name", ""))), item.line)
        if seen != item.line:
            unplaced.append(
                f"line {item.line}: '{data.get('name')}' is listed again (first at line {seen}); written as {rid}: "
                "remove one, or give it another name"
            )
    everything = {**_existing(into), **{rid: data for _, rid, data, _ in unique}}  # (the same data dicts)
    canonical_data(profile, everything)
    resolver = Resolver(profile, everything)
    for item, _rid, data, unplaced in unique:
        unplaced += _prose_out_of_names(profile, resolver, data, item.line)
    if additions is not None:
        additions = propose_names(additions, everything)
        canonical_data(additions.profile, everything)  # the names added, spelled as added everywhere
        report.proposed = describe_additions(additions)
        additions.layout = review_layout(review, [(item, rid, data) for item, rid, data, _ in unique], profile)
        additions.profile = _with_layout(additions.profile, additions.layout)
        profile, model = additions.profile, entry_model(additions.profile)
        if not dry_run and update_profile is not None:
            add_to_profile(update_profile, additions)
    if not dry_run:
        into.mkdir(parents=True, exist_ok=True)
    for item, rid, data, unplaced in unique:
        report.unplaced += unplaced
        try:
            target = safe_target(into, rid)
        except CorpusError as exc:
            report.problems += [f"line {item.line}: {p.message}" for p in exc.problems]
            continue
        if target.exists() and not force:
            report.skipped.append(str(target))
            continue
        gaps: list[str] = []
        try:
            model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(p) for p in error["loc"])
                gaps.append(f"{where}: {error['msg']}")
                report.problems.append(f"{target}: {where}: {error['msg']}")
        marks = "".join(f"# to fill in: {gap}\n" for gap in gaps)
        body = SCHEMA_COMMENT + marks + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
        if dry_run:
            report.planned[str(target)] = body
        else:
            write_text_atomic(target, body)
            report.written.append(str(target))
    if report.written:  # what validate will say about the files written: the schema, the vocabulary, the references
        written = {Path(p).name for p in report.written}
        checked = [p for p in validate(into, profile) if Path(p.file).name in written]
        report.problems = [p for p in report.problems if not p.startswith(tuple(report.written))]
        report.problems += [str(p) for p in checked]
    if not report.found:
        report.unplaced.append(
            "no entries found: an entry is a list item, paragraph or heading that names a work (a link, or a name in "
            "bold or brackets) or a row of a table with a header; see the README, 'Importing a review'"
        )
    report.unplaced = sorted(dict.fromkeys(report.unplaced), key=_line_number)  # (shared fields report once)
    return report


# ---- adopting what the profile does not know -----------------------------------------------------------------
@dataclass
class Additions:
    """Fields and categories to add to a profile for what an imported review holds, and the profile with them."""

    profile: Profile
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    categories: list[dict[str, Any]] = field(default_factory=list)
    names: dict[str, list[str]] = field(default_factory=dict)  # vocabulary -> names to add
    layout: dict[str, Any] = field(default_factory=dict)  # title, introduction; category id -> notes and order
    words: dict[str, list[str]] = field(default_factory=dict)  # field -> the review's own names for it, to ask by


def _field_type(values: list[RawField]) -> dict[str, Any]:
    """A profile field for values as written: dates, yes/no, amounts, lists of names, or text."""
    texts = [_plain(" ".join([v.inline, *v.nested])) for v in values]
    texts = [t for t in texts if t and not _is_unknown(t)]
    if texts and all(len(t) <= 24 and _date(t) for t in texts):
        return {"type": "date"}
    first_words = {_norm(t).split(" ", 1)[0] for t in texts}
    if texts and first_words <= {"yes", "no", "true", "false", "both", "partly", "partially"}:
        words = sorted(first_words, key=lambda w: ("yes", "no").index(w) if w in ("yes", "no") else 2)
        return {"type": "enum", "values": [{"value": w} for w in words]}
    amount = r"^(?:~|about |roughly |over |around )?\d[\d.,]*\s*[kmbt]?\b(?:\s+[a-z]+){0,3}$"
    if texts and all(re.match(amount, t, re.I) for t in texts):
        return {"type": "quantity"}
    listed = [v for v in values if v.nested or re.search(r"[,;]", v.inline)]
    items = [i for v in listed for i in _split_list(v.inline, v.nested)]
    if listed and len(listed) * 2 >= len(texts) and items and sum(len(i.split()) for i in items) / len(items) <= 4:
        return {"type": "names"}
    return {"type": "text"}


def propose_profile(parsed: list[ParsedEntry], profile: Profile) -> Additions:
    """The fields (typed by their values) and the categories (from section headings) that the entries of an imported
    review need and the profile lacks."""
    names = _Fields(profile)
    unknown: dict[str, list[RawField]] = {}
    second: set[str] = set()  # names that mean a field another name of the same entry already gave
    for entry in parsed:
        taken: dict[tuple[str, str | None], str] = {}
        for raw in entry.fields:
            found = names.find(raw.key)
            slot = _slot(found) if found else None
            if slot is not None and taken.setdefault(slot, _norm(raw.key)) == _norm(raw.key):
                continue  # a field of the profile (written once, or under the same name again)
            # unknown, or a second column that means the same field ("Number of tasks" beside "Number of
            # instances"): a field of its own. "Dataset" and "Datasets" are one field.
            one_name = re.sub(r"s\b", "", _norm(raw.key))
            unknown.setdefault(one_name, []).append(raw)
            if found is not None:
                second.add(one_name)
    fields: dict[str, dict[str, Any]] = {}
    for norm, raws in unknown.items():
        holders = {id(e) for e in parsed for r in e.fields if r in raws}
        if len(holders) < 2 and norm not in second:
            continue  # a name written once is a line of prose, not a column of the review: it stays reported
        label = max({r.key.strip() for r in raws}, key=lambda k: sum(r.key.strip() == k for r in raws))
        key = slugify(label, separator="_", max_length=40, word_boundary=True) or "field"
        base, n = key, 2
        while key in profile.fields or key in fields:
            key, n = f"{base}_{n}", n + 1
        words_of = list(dict.fromkeys([label.lower(), _asked_as(label)]))
        fields[key] = {**_field_type(raws), "label": label, "words": words_of}
    words: dict[str, list[str]] = {}
    for entry in parsed:  # a field the review names otherwise ("Data generation model"): asked by that name too
        for raw in entry.fields:
            found = names.find(raw.key)
            written = _asked_as(raw.key)
            by_unit = bool(found and (found[1] or "").startswith("unit:"))  # (its unit matters: read it again)
            fresh = found and found[0] != "@id" and _norm(raw.key) not in names.names and written and not by_unit
            if fresh and found and written not in [*profile.fields[found[0]].words, *words.get(found[0], [])]:
                words.setdefault(found[0], []).append(written)
    categories: list[dict[str, Any]] = []
    if profile.category_field:
        seen = {c.id for c in profile.categories}
        for entry in parsed:
            if entry.section and _entry_category(entry, profile) is None:
                cid = _slug(entry.section) or "other"
                if cid not in seen:
                    seen.add(cid)
                    categories.append({"id": cid, "title": entry.section, "headings": [entry.section.lower()]})
    data = profile.model_dump(exclude_defaults=True)
    for key, added in words.items():
        data["fields"][key]["words"] = [*data["fields"][key].get("words", []), *added]
    data.setdefault("fields", {}).update(fields)
    data["categories"] = [*data.get("categories", []), *categories]
    return Additions(Profile.model_validate(data), fields, categories, words=words)


_NAME_WORDS = 6  # a longer value of a names field is prose: it stays for validate to report, not a new name


def _prose_out_of_names(profile: Profile, resolver: Resolver, data: dict[str, Any], line: int) -> list[str]:
    """Values of fields with a vocabulary that are sentences, not names ("Smaller models (61M to 1.5B) (Wren all
    sizes, …)"): moved under ``extra`` as written, so the entry stays valid, and reported."""
    extra_key = profile.first_of("extra")
    if not extra_key:
        return []
    moved: list[str] = []
    for key, spec in profile.fields.items():
        values = data.get(key)
        if not spec.vocabulary or not isinstance(values, list):
            continue
        prose = [v for v in values if len(str(v).split()) > _NAME_WORDS and resolver.unknown_name(spec, str(v))]
        if prose:
            data[key] = [v for v in values if v not in prose]
            if not data[key]:
                data.pop(key)
            data.setdefault(extra_key, {})[spec.label] = "; ".join(str(v) for v in prose)
            moved.append(f"line {line}: {spec.label}: '{str(prose[0])[:50]}' is a sentence, not a name; kept under "
                         f"{extra_key} as written")  # fmt: skip
    return moved


def propose_names(additions: Additions, entries: dict[str, dict[str, Any]]) -> Additions:
    """The additions and, for every field with a vocabulary, the values of the imported ``entries`` (id -> data)
    that the vocabulary does not know: short names added as canonical names."""
    profile = additions.profile
    resolver = Resolver(profile, entries)
    names: dict[str, list[str]] = {}
    for data in entries.values():
        for key, spec in profile.fields.items():
            values = data.get(key)
            if not spec.vocabulary or not isinstance(values, list):
                continue
            for value in values:
                name = resolver.unknown_name(spec, str(value))
                known = {name_key(n) for n in names.get(spec.vocabulary, [])}
                if name and len(name.split()) <= _NAME_WORDS and name_key(name) not in known:  # once, any case
                    names.setdefault(spec.vocabulary, []).append(name)
    if not names:
        return additions
    data = profile.model_dump(exclude_defaults=True)
    for vocab, added in names.items():
        data["vocabularies"][vocab] = [*data["vocabularies"].get(vocab, []), *({"name": n} for n in added)]
    return Additions(Profile.model_validate(data), additions.fields, additions.categories, names, words=additions.words)


def describe_additions(additions: Additions) -> list[str]:
    out = [f"field {key} ({spec['type']}): '{spec['label']}'" for key, spec in additions.fields.items()]
    out += [f"category {c['id']}: '{c['title']}'" for c in additions.categories]
    out += [f"{vocab}: {', '.join(repr(n) for n in added)}" for vocab, added in additions.names.items()]
    out += [f"words of {key}: {', '.join(repr(w) for w in added)}" for key, added in additions.words.items()]
    if additions.layout:
        layout = additions.layout
        kept = [f"title '{layout['title']}'"] if layout.get("title") else []
        kept += ["the introduction"] if layout.get("introduction") else []
        kept += [f"the order and notes of {len(layout['categories'])} categories"]
        out.append("layout: " + ", ".join(kept))
    return out


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The index after the block that starts at ``lines[start]`` (its lines indented deeper than ``indent``),
    trailing blank lines left out."""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _insert_block(lines: list[str], key: str, block: str, sub: str | None = None) -> list[str]:
    """Lines of a YAML file with ``block`` (already indented) added at the end of the top-level ``key:`` block, or
    of its ``sub:`` block, so that the file's comments and layout stay as they are."""
    start = next((i for i, line in enumerate(lines) if re.match(rf"^{key}:\s*(#.*)?$", line)), None)
    if start is None:
        head = [f"{key}:", f"  {sub}:"] if sub else [f"{key}:"]
        return [*lines, *head, *block.splitlines()]
    end = _block_end(lines, start, 0)
    if sub is not None:
        inner = next((i for i in range(start + 1, end) if re.match(rf"^  {re.escape(sub)}:\s*(#.*)?$", lines[i])), None)
        if inner is None:
            return [*lines[:end], f"  {sub}:", *block.splitlines(), *lines[end:]]
        end = _block_end(lines, inner, 2)
    return [*lines[:end], *block.splitlines(), *lines[end:]]


def review_layout(
    review: ParsedReview, placed: list[tuple[ParsedEntry, str, dict[str, Any]]], profile: Profile
) -> dict:
    """What export needs to write the review back as it was: its title and introduction, and for each category the
    notes under its sections and its entries in the order of the file (``placed``: entry, id, data)."""
    key = profile.category_field
    categories: dict[str, dict[str, Any]] = {}
    for entry, rid, data in placed:
        cid = data.get(key) if key else None
        if cid:
            slot = categories.setdefault(cid, {"notes": [], "order": [], "sections": []})
            slot["order"].append(rid)
            if entry.section not in slot["sections"]:
                slot["sections"].append(entry.section)
    by_title = {s.title: s for s in review.sections}
    for slot in categories.values():
        sections = slot.pop("sections")
        slot["section"] = sections[0] if sections and sections[0] else ""
        slot["notes"] = "\n\n".join(n for t in sections if t in by_title for n in by_title[t].notes)
    return {"title": review.title, "introduction": "\n\n".join(review.intro), "categories": categories}


def _with_layout(profile: Profile, layout: dict[str, Any]) -> Profile:
    data = profile.model_dump(exclude_defaults=True)
    if layout.get("title"):
        data["title"] = layout["title"]
    data["introduction"] = layout.get("introduction", "")
    for cat in data["categories"]:
        slot = layout["categories"].get(cat["id"], {})
        cat["section"], cat["notes"], cat["order"] = (
            slot.get("section", ""),
            slot.get("notes", ""),
            slot.get("order", []),
        )
    return Profile.model_validate(data)


def _dump(mapping: dict[str, Any], indent: int) -> list[str]:
    text = yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True, width=110)
    return [" " * indent + line for line in text.splitlines()]


def _set_keys(lines: list[str], start: int, end: int, indent: int, values: dict[str, Any], at: int) -> list[str]:
    """Lines with the keys of ``values`` (at ``indent``, between ``start`` and ``end``) removed, and their new values
    written after line index ``at - 1``."""
    keep: list[str] = []
    skipping = False
    for number, line in enumerate(lines):
        drop = False
        if start <= number < end and line.strip():
            own = len(line) - len(line.lstrip())
            if own == indent and not line.strip().startswith("- "):  # (a list's items may sit at its key's indent)
                skipping = any(re.match(rf"^{re.escape(k)}:", line.strip()) for k in values)
            elif own < indent:
                skipping = False
            drop = skipping
        elif start <= number < end:
            drop = skipping  # a blank line inside a block scalar being replaced
        if not drop:
            keep.append(line)
        if number == at - 1:
            keep += [out for key, value in values.items() if value for out in _dump({key: value}, indent)]
    return keep


def _layout_lines(lines: list[str], layout: dict[str, Any]) -> list[str]:
    top = {"title": layout.get("title"), "introduction": layout.get("introduction")}
    title = next((i for i, line in enumerate(lines) if re.match(r"^title:", line)), 0)
    lines = _set_keys(lines, 0, len(lines), 0, {k: v for k, v in top.items() if v}, title + 1)
    for cid, slot in layout.get("categories", {}).items():
        item = next((i for i, line in enumerate(lines) if re.match(rf"^\s*- id: {re.escape(cid)}\s*$", line)), None)
        if item is None:
            continue
        indent = len(lines[item]) - len(lines[item].lstrip()) + 2
        end = item + 1
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) >= indent):
            end += 1
        values = {"section": slot["section"], "notes": slot["notes"], "order": slot["order"]}
        lines = _set_keys(lines, item + 1, end, indent, values, item + 1)
    return lines


def _field_words_lines(lines: list[str], key: str, words: list[str]) -> list[str]:
    """Lines with the ``words`` of field ``key`` replaced."""
    top = next((i for i, line in enumerate(lines) if re.match(r"^fields:\s*(#.*)?$", line)), None)
    if top is None:
        return lines
    end = _block_end(lines, top, 0)
    start = next((i for i in range(top + 1, end) if re.match(rf"^  {re.escape(key)}:\s*(#.*)?$", lines[i])), None)
    if start is None:
        return lines
    return _set_keys(lines, start + 1, _block_end(lines, start, 2), 4, {"words": words}, start + 1)


def add_to_profile(path: Path, additions: Additions) -> None:
    """Write the additions into the profile file at ``path``, keeping everything else as written."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    if additions.categories:
        text = yaml.safe_dump(additions.categories, sort_keys=False, allow_unicode=True, width=110)
        lines = _insert_block(lines, "categories", "\n".join("  " + line for line in text.splitlines()))
    if additions.fields:
        text = yaml.safe_dump(additions.fields, sort_keys=False, allow_unicode=True, width=110)
        lines = _insert_block(lines, "fields", "\n".join("  " + line for line in text.splitlines()))
    for vocab, added in additions.names.items():
        text = yaml.safe_dump([{"name": n} for n in added], sort_keys=False, allow_unicode=True, width=110)
        lines = _insert_block(lines, "vocabularies", "\n".join("    " + line for line in text.splitlines()), vocab)
    if additions.layout:
        lines = _layout_lines(lines, additions.layout)
    for key in additions.words:
        lines = _field_words_lines(lines, key, additions.profile.fields[key].words)
    write_text_atomic(Path(path), "\n".join(lines) + "\n")


# ---- export -------------------------------------------------------------------------------------------------------
def _q(quantity: Any) -> str:
    """ "52K (52002 instances)": as stated, then the number and unit in a form import reads back exactly."""
    unit = f" {quantity.unit}" if quantity.unit else ""
    if quantity.value is None:
        return f"{quantity.stated} (?{unit})" if unit else str(quantity.stated)
    return f"{quantity.stated} ({quantity.value:.17g}{unit})"


def _size_text(values: list[float], spec: FieldSpec) -> str:
    suffix = _SUFFIX.get(spec.scale)
    if suffix:
        return ", ".join(f"{v:.12g}{suffix}" for v in values)
    return ", ".join(format_count(v * spec.scale) for v in values)


def _md_lines(rid: str, entry: Any, profile: Profile) -> list[str]:
    paper_key = profile.first_of("paper")
    paper = getattr(entry, paper_key, None) if paper_key else None
    head = f"* [{entry.name}]({paper.url})" if paper else f"* **{entry.name}**"
    lines = [head, f"  - Id: {rid}"]

    def add(label: str, value: str | None) -> None:
        if value:
            lines.append(f"  - {label}: {value}")

    def add_list(label: str, items: list[str]) -> None:
        if items:
            lines.append(f"  - {label}:")
            lines.extend(f"    - {item}" for item in items)

    for key, spec in profile.fields.items():
        value = getattr(entry, key, None)
        if value in (None, [], {}) or spec.type == "category":
            continue
        kind = spec.type
        if kind in ("names", "aliases", "refs") or (kind == "enum" and spec.multiple):
            add_list(spec.label, list(value))
        elif kind == "sizes":
            add(spec.label, _size_text(list(value), spec))
        elif kind == "quantity":
            add(spec.label, _q(value))
        elif kind == "paper":
            add(spec.label, f"[{value.title}]({value.url})")
        elif kind in ("license", "links"):
            for part in [*spec.parts, "notes"]:
                text = getattr(value, part, None)
                if text:
                    add(f"{spec.label} ({part})" if part != "notes" else f"{spec.label} notes", " ".join(text.split()))
        elif kind == "sources":
            add_list(spec.label, [f"[{s.title}]({s.url})" if s.title else s.url for s in value])
        elif kind == "extra":
            for name, text in value.items():
                add(name, text)
        else:
            add(spec.label, " ".join(str(value).split()))
    return lines


def export_markdown(corpus: Corpus) -> str:
    """The review as markdown: its title and introduction, then each category's section with its notes and entries
    (in the order the imported review gave them, the others by date)."""
    profile = corpus.profile
    intro = profile.introduction or (profile.scope or "A structured literature review") + "."
    out = [f"# {profile.title}", "", intro, ""]
    category_key = profile.category_field
    for cat in profile.categories:
        records = [r for r in corpus.records if category_key and getattr(r.entry, category_key) == cat.id]
        if not records:
            continue
        out += [f"## {cat.section or cat.title}", ""] + ([cat.notes, ""] if cat.notes else [])
        place = {rid: n for n, rid in enumerate(cat.order)}
        date_key = profile.date_field or ""
        for record in sorted(
            records, key=lambda r: (place.get(r.id, len(place)), str(getattr(r.entry, date_key, None) or ""), r.id)
        ):
            out += [*_md_lines(record.id, record.entry, profile), ""]
    return "\n".join(out)


def _flat(rid: str, entry: Any, profile: Profile) -> dict[str, Any]:
    row: dict[str, Any] = {"id": rid, "name": entry.name}
    for key, spec in profile.fields.items():
        value = getattr(entry, key, None)
        kind = spec.type
        if kind in ("names", "aliases", "refs") or (kind == "enum" and spec.multiple):
            row[key] = "; ".join(value or [])
        elif kind == "sizes":
            row[key] = "; ".join(f"{v:g}" for v in value or [])
        elif kind == "quantity":
            row[key] = value.stated if value else ""
            row[f"{key}_value"] = f"{value.value:g}" if value and value.value is not None else ""
            row[f"{key}_unit"] = (value.unit or "") if value else ""
        elif kind in ("license", "links"):
            for part in spec.parts:
                row[f"{key}_{part}"] = (getattr(value, part, None) or "") if value else ""
        elif kind == "paper":
            row[f"{key}_title"] = value.title if value else ""
            row[f"{key}_url"] = value.url if value else ""
        elif kind == "sources":
            row[key] = "; ".join(s.url for s in value or [])
        elif kind == "extra":
            continue
        else:
            row[key] = " ".join(str(value).split()) if value is not None else ""
    return row


def export_csv(corpus: Corpus) -> str:
    rows = [_flat(r.id, r.entry, corpus.profile) for r in corpus.records]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["id"])
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def export_json(corpus: Corpus) -> str:
    items = [{"id": r.id, **json.loads(r.entry.model_dump_json(exclude_none=True))} for r in corpus.records]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
