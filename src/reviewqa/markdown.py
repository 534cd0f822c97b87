"""Bring an awesome-list style markdown review in as corpus files, and write the corpus out as markdown, CSV or JSON.

Import reads ``## Section`` headings (matched to the profile's categories by title or words), entries as a link or
bold name (bulleted or not), and ``Field: value`` bullets under them, with values continued in nested bullets. Field
names are matched to the profile's fields through their keys, labels and words; values are read by the field's type.
Fields the profile does not know are kept under its ``extra`` field (if it has one) and reported. Export writes the
same format, so exporting and importing gives back the same entries. Files are written only inside the target folder
and never overwritten unless asked.
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

from .canon import canonical_data
from .corpus import SCHEMA_COMMENT, Corpus, corpus_files, safe_target, write_text_atomic
from .errors import CorpusError, Problem
from .profile import FieldSpec, Profile
from .schema import ID_PATTERN, entry_model
from .values import format_count
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
class RawField:
    """A "Key: value" bullet as written: its line, indentation, value on the line and continuation bullets."""

    key: str
    line: int
    indent: int
    inline: str
    nested: list[str] = field(default_factory=list)


@dataclass
class ParsedEntry:
    name: str
    url: str | None
    line: int
    category: str | None
    fields: list[RawField] = field(default_factory=list)


@dataclass
class ImportReport:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # existing files not overwritten
    unplaced: list[str] = field(default_factory=list)  # lines or fields it could not place
    problems: list[str] = field(default_factory=list)  # schema problems in written files


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

    def find(self, name: str) -> tuple[str, str | None] | None:
        """The field a written name means: exactly, or the longest name of two words or more it starts with
        ("Amount of instruction data (after augmenting)" -> "amount of instruction data")."""
        key = _norm(name)
        if key in self.names:
            return self.names[key]
        starts = [n for n in self.names if " " in n and key.startswith(n + " ")]
        return self.names[max(starts, key=len)] if starts else None


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


def parse_markdown(text: str, profile: Profile) -> tuple[list[ParsedEntry], list[str]]:
    """Entries with their raw fields, and lines that belong to no entry."""
    entries: list[ParsedEntry] = []
    stray: list[str] = []
    category: str | None = None
    current: ParsedEntry | None = None
    last_field: RawField | None = None
    entry_indent = 0
    in_code = False
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code or not raw.strip():
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", raw)
        if heading:
            if len(heading.group(1)) >= 2:
                category = _category(heading.group(2), profile)
                if category is None:
                    stray.append(f"line {number}: section '{heading.group(2).strip()}' matches no category")
            current, last_field = None, None
            continue
        bullet = _BULLET.match(raw)
        indent = len(bullet.group("indent")) if bullet else len(raw) - len(raw.lstrip())
        content = bullet.group("text").strip() if bullet else raw.strip()
        entry = _ENTRY.match(content)
        if entry and (current is None or indent <= entry_indent):
            name = (entry.group("name") or entry.group("bold") or "").strip()
            current = ParsedEntry(name, entry.group("url") or None, number, category)
            entries.append(current)
            entry_indent, last_field = indent, None
            continue
        if current is None:
            if bullet:
                stray.append(f"line {number}: '{content[:60]}' is not under an entry")
            continue
        match = _FIELD.match(content)
        if match and not content.startswith("[") and (last_field is None or indent <= last_field.indent):
            last_field = RawField(match.group("key").strip(), number, indent, match.group("value").strip())
            current.fields.append(last_field)
        elif last_field is not None:
            last_field.nested.append(content)
        else:
            stray.append(f"line {number}: '{content[:60]}' is not a 'Field: value' line")
    return entries, stray


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


def _sizes(text: str, spec: FieldSpec) -> list[float]:
    return [round(float(v) * _SCALE[u.lower()] / spec.scale, 9) for v, u in _SIZE.findall(text)]


def _quantity(text: str, spec: FieldSpec) -> dict[str, Any]:
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
    first = re.search(r"(\d+(?:[.,]\d+)*)\s*([kmbt])?\b", text, re.I)
    if first:
        out["value"] = float(first.group(1).replace(",", "")) * _SCALE.get((first.group(2) or "").lower(), 1.0)
    return out


def _date(text: str) -> str | None:
    m = re.search(r"((?:19|20)\d\d)[-/.](\d{1,2})", text)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    m = re.search(r"([a-z]{3})[a-z]*\.?\s+((?:19|20)\d\d)", text.lower())
    if m and m.group(1) in _MONTHS:
        return f"{m.group(2)}-{_MONTHS[m.group(1)]:02d}"
    return None


def _plain(text: str) -> str:
    """Markdown links reduced to their text."""
    return _LINK.sub(lambda m: m.group(1), text).strip()


def _license_text(text: str) -> str:
    """Keep a license's link: "[GPL v3](url)" becomes "GPL v3 (url)"."""
    return _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text).strip()


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def to_entry_data(parsed: ParsedEntry, profile: Profile) -> tuple[str, dict[str, Any], list[str]]:
    """(id, entry data for the YAML file, what could not be placed)."""
    names = _Fields(profile)
    data: dict[str, Any] = {}
    unplaced: list[str] = []
    title = parsed.name
    name = title.split(":", 1)[0].strip() if ":" in title else title
    data["name"] = name
    category_key = profile.category_field
    if parsed.category and category_key:
        data[category_key] = parsed.category
    paper_key, sources_key, extra_key = (
        profile.first_of("paper"),
        profile.first_of("sources"),
        profile.first_of("extra"),
    )
    sources: list[dict[str, str]] = []
    if parsed.url and re.match(r"https?://", parsed.url):
        if paper_key:
            data[paper_key] = {"title": title, "url": parsed.url}
        sources.append({"title": title, "url": parsed.url})
    rid = _slug(name)
    for raw in parsed.fields:
        found = names.find(raw.key)
        text = " ".join([raw.inline, *raw.nested]).strip()
        if found is None:
            if extra_key:
                data.setdefault(extra_key, {})[raw.key] = text
                unplaced.append(
                    f"line {raw.line}: field '{raw.key}' has no place in the profile; kept under {extra_key}"
                )
            else:
                unplaced.append(f"line {raw.line}: field '{raw.key}' has no place in the profile; dropped")
            continue
        if not text:
            continue
        key, part = found
        if key == "@id":
            rid = text
            continue
        spec = profile.fields[key]
        kind = spec.type
        if kind in ("names", "aliases", "refs") or (kind == "enum" and spec.multiple):
            data[key] = [_plain(v) for v in _split_list(raw.inline, raw.nested)]
        elif kind == "sizes":
            data[key] = _sizes(text, spec)
            if not data[key]:
                data.pop(key)
                unplaced.append(f"line {raw.line}: no sizes like '7B' in '{text}'")
        elif kind == "quantity":
            data[key] = _quantity(_plain(text), spec)
        elif kind == "date":
            date = _date(text)
            if date:
                data[key] = date
            else:
                unplaced.append(f"line {raw.line}: date '{text}' is not a year and month")
        elif kind == "paper":
            link = _LINK.search(text)
            if link:
                data[key] = {"title": link.group(1), "url": link.group(2)}
            else:
                unplaced.append(f"line {raw.line}: paper '{text}' has no link")
        elif kind == "sources":
            sources = []
            for item in _split_list(raw.inline, raw.nested):
                link = _LINK.search(item)
                if link:
                    sources.append({"title": link.group(1), "url": link.group(2)})
                elif re.match(r"https?://\S+$", item):
                    sources.append({"url": item})
        elif kind == "links":
            link = _LINK.search(text)
            if part and part != "notes":
                data.setdefault(key, {})[part] = link.group(2) if link else text
            else:
                unplaced.append(f"line {raw.line}: '{raw.key}' does not say which link it is")
        elif kind == "license":
            data.setdefault(key, {})[part or "notes"] = _license_text(text)
        elif kind == "text":
            data[key] = text
        else:
            data[key] = _plain(text)
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


def import_markdown(path: Path, into: Path, profile: Profile, force: bool = False) -> ImportReport:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError([Problem(str(path), f"not UTF-8 text (byte {exc.start}); save the review as UTF-8")]) from exc
    except OSError as exc:
        raise CorpusError([Problem(str(path), f"cannot read the review: {exc.strerror}")]) from exc
    parsed, stray = parse_markdown(text, profile)
    report = ImportReport(unplaced=list(stray))
    into.mkdir(parents=True, exist_ok=True)
    model = entry_model(profile)
    converted = [(item, *to_entry_data(item, profile)) for item in parsed]
    canonical_data(profile, {**_existing(into), **{rid: data for _, rid, data, _ in converted}})
    for item, rid, data, unplaced in converted:
        report.unplaced += [f"{rid}: {u}" for u in unplaced]
        try:
            target = safe_target(into, rid)
        except CorpusError as exc:
            report.problems += [f"line {item.line}: {p.message}" for p in exc.problems]
            continue
        if target.exists() and not force:
            report.skipped.append(str(target))
            continue
        write_text_atomic(target, SCHEMA_COMMENT + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110))
        report.written.append(str(target))
        try:
            model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(p) for p in error["loc"])
                report.problems.append(f"{target}: {where}: {error['msg']}")
    return report


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
    profile = corpus.profile
    out = [f"# {profile.title}", "", (profile.scope or "A structured literature review") + ".", ""]
    category_key = profile.category_field
    for cat in profile.categories:
        records = [r for r in corpus.records if category_key and getattr(r.entry, category_key) == cat.id]
        if not records:
            continue
        out += [f"## {cat.title}", ""]
        for record in sorted(records, key=lambda r: (getattr(r.entry, profile.date_field or "", None) or "", r.id)):
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
