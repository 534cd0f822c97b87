"""Read and validate the corpus folder: one YAML file per entry, file name = record id.

Everything a person can get wrong in a corpus file becomes a ``Problem`` with the file, the line and the field, and all
problems of all files are reported together (``validate``) or raised together (``load_corpus``). This module never
writes into the corpus except through ``write_entry`` (used by ``reviewqa new`` and ``reviewqa import``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import CorpusError, Problem
from .schema import CATEGORY_TITLES, ID_PATTERN, Entry

__all__ = [
    "MAX_FILE_BYTES",
    "Corpus",
    "Record",
    "document_text",
    "load_corpus",
    "name_key",
    "passages",
    "template_entry",
    "validate",
    "write_entry",
]

MAX_FILE_BYTES = 1_000_000
SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/entry.schema.json\n"
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Record:
    """A validated entry with its id, file and content hash (of the parsed content, not the bytes)."""

    id: str
    entry: Entry
    path: Path
    content_hash: str = field(default="", compare=False)

    @staticmethod
    def make(record_id: str, entry: Entry, path: Path) -> Record:
        digest = hashlib.sha256(entry.model_dump_json().encode()).hexdigest()[:16]
        return Record(record_id, entry, path, digest)


@dataclass(frozen=True)
class Corpus:
    root: Path
    records: tuple[Record, ...]

    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}

    def fingerprint(self) -> str:
        joined = "\n".join(f"{r.id}:{r.content_hash}" for r in self.records)
        return hashlib.sha256(joined.encode()).hexdigest()[:16]


def name_key(text: str) -> str:
    """How names are compared: case, spaces and punctuation ignored ("Flan-T5" == "flan t5")."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.suffix in SUFFIXES and not p.name.startswith("."))


def _line_of(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """The 1-based line of the deepest node of ``loc`` that exists in the YAML node tree."""
    line = None if node is None else node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
            key = next((k for k, _ in node.value if getattr(k, "value", None) == part), None)
            if match is None:
                return line
            line = (key or match).start_mark.line + 1
            node = match
            if not isinstance(node, yaml.ScalarNode):
                continue
            line = node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _duplicate_keys(node: yaml.Node, path: str, rel: str) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(getattr(key, "value", ""))
            dotted = f"{path}.{name}" if path else name
            if name in seen:
                problems.append(Problem(rel, "key appears twice in the same mapping", key.start_mark.line + 1, dotted))
            seen.add(name)
            problems.extend(_duplicate_keys(value, dotted, rel))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            problems.extend(_duplicate_keys(item, f"{path}[{i}]", rel))
    return problems


def _describe(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see `reviewqa schema` for the fields)"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, got {error.get('input')!r}"
    if kind == "string_pattern_mismatch" and error["loc"][-1:] == ("date",):
        return f"expected a date as YYYY-MM, got {error.get('input')!r}"
    if kind == "string_pattern_mismatch":
        return f"expected an http(s) address, got {error.get('input')!r}"
    return f"{error.get('msg', 'invalid value')}, got {error.get('input')!r}"


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_entry(path: Path, root: Path) -> tuple[Entry | None, list[Problem]]:
    """Parse and validate one file; return the entry (or None) and every problem found."""
    rel = str(Path(root.name) / path.name)
    if path.is_symlink():
        target = path.resolve()
        if root.resolve() not in target.parents:
            return None, [Problem(rel, f"symbolic link points outside the corpus folder (to {target})")]
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Problem(rel, f"cannot read the file: {exc.strerror}")]
    if size > MAX_FILE_BYTES:
        return None, [Problem(rel, f"file is {size:,} bytes; an entry file may be at most {MAX_FILE_BYTES:,} bytes")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line)]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where: int | None = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(rel, f"not valid YAML: {reason}", where)]
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        return None, [Problem(rel, f"expected a mapping of field names to values, the file is {kind}", 1)]
    problems = _duplicate_keys(node, "", rel) if node is not None else []
    try:
        entry = Entry.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            problems.append(Problem(rel, _describe(dict(error)), _line_of(node, loc), _loc_text(loc)))
        return None, problems
    return (None if problems else entry), problems


def _cross_checks(records: list[Record], root: Path) -> list[Problem]:
    problems: list[Problem] = []
    by_key: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_key[record.id.lower()].append(record)
    for rid, same in by_key.items():
        if len(same) > 1:
            files = ", ".join(r.path.name for r in same)
            for r in same[1:]:
                problems.append(Problem(f"{root.name}/{r.path.name}", f"duplicate id {rid!r} (files: {files})"))
    claims: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for name in {record.id, record.entry.name, *record.entry.aliases}:
            claims[name_key(name)].add(record.id)
    for record in records:
        for i, alias in enumerate(record.entry.aliases):
            owners = claims.get(name_key(alias), set()) - {record.id}
            if owners:
                node = yaml.compose(record.path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
                problems.append(
                    Problem(
                        f"{root.name}/{record.path.name}",
                        f"alias {alias!r} is also claimed by {', '.join(sorted(owners))}; an alias must name one entry",
                        _line_of(node, ("aliases", i)),
                        f"aliases[{i}]",
                    )
                )
    return problems


def _scan(root: Path) -> tuple[list[Record], list[Problem]]:
    if not root.is_dir():
        return [], [Problem(str(root), "corpus folder does not exist")]
    records: list[Record] = []
    problems: list[Problem] = []
    for path in corpus_files(root):
        rid = path.stem
        entry, found = read_entry(path, root)
        problems.extend(found)
        if not ID_PATTERN.match(rid):
            problems.append(
                Problem(f"{root.name}/{path.name}", "file name must be a lowercase slug like 'llama-2.yaml'", None)
            )
            continue
        if entry is not None:
            records.append(Record.make(rid, entry, path))
    problems.extend(_cross_checks(records, root))
    if not records and not problems:
        problems.append(Problem(str(root), "the corpus folder has no .yaml entries"))
    return records, problems


def validate(root: Path) -> list[Problem]:
    """Every problem in the corpus folder; an empty list means it is valid."""
    return _scan(Path(root))[1]


def load_corpus(root: Path) -> Corpus:
    """The validated corpus; raises ``CorpusError`` listing every problem if there is any."""
    records, problems = _scan(Path(root))
    if problems:
        raise CorpusError(problems)
    return Corpus(Path(root), tuple(sorted(records, key=lambda r: r.id)))


def _fmt_number(value: float) -> str:
    return f"{value:g}"


def spoken(value: float) -> str:
    """A number as people say it in questions: 1000 -> "a thousand", 52002 -> "52 thousand", 1.5e6 -> "1.5 million"."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if value >= size:
            amount = value / size
            head = "a" if round(amount, 1) == 1 else f"{amount:.3g}"
            return f"{head} {word}"
    return f"{value:g}"


def document_text(record: Record) -> str:
    """The text embedded and indexed for an entry: names, then the facts people ask about, then the summary.

    Facts come before the summary because the embedding model reads only the first 256 word pieces.
    """
    e = record.entry
    parts = [f"{e.name}." if not e.aliases else f"{e.name} ({', '.join(e.aliases)})."]
    parts.append(f"{CATEGORY_TITLES[e.category]}.")
    if e.base_models:
        parts.append(f"Fine-tuned from {', '.join(e.base_models)}.")
    if e.data_size:
        unit = e.data_size.unit.value if e.data_size.unit else "examples"
        size = f" ({spoken(e.data_size.value)})" if e.data_size.value else ""
        parts.append(f"Data size: {e.data_size.stated}{size} {unit}.")
    if e.teacher:
        parts.append(f"Data generated by {', '.join(e.teacher)}.")
    if e.model_sizes_b:
        parts.append(f"Model sizes: {', '.join(_fmt_number(s) + 'B' for s in e.model_sizes_b)} parameters.")
    if e.preference_method:
        parts.append(f"Preference learning: {e.preference_method}.")
    if e.summary:
        parts.append(e.summary)
    if e.paper:
        parts.append(f"Paper: {e.paper.title}.")
    if e.organizations:
        parts.append(f"By {', '.join(e.organizations)}.")
    if e.date:
        parts.append(f"Released {e.date}.")
    if e.data_sources:
        parts.append(f"Data: {'; '.join(e.data_sources)}.")
    return " ".join(parts)


def passages(record: Record) -> list[str]:
    """What is embedded for an entry: its names and facts, then each summary sentence on its own.

    An entry matches a question as well as its best passage does, so a question that paraphrases one sentence of a
    summary is not drowned by the rest of the entry.
    """
    e = record.entry
    head = document_text(record.__class__(record.id, e.model_copy(update={"summary": None}), record.path))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", e.summary or "") if len(s.strip()) > 20]
    return [head, *sentences]


def template_entry(record_id: str) -> str:
    """A commented starting point for a new entry file."""
    return (
        SCHEMA_COMMENT
        + f"# New entry '{record_id}'. Fill in what the sources state; leave unknown fields out.\n"
        + "name: \n"
        + "category: general-assistant  # base-model | task-collection | general-assistant | feedback-alignment\n"
        + "date:   # YYYY-MM of the first public release\n"
        + "organizations: []\n"
        + "aliases: []\n"
        + "summary: >-\n  Two to four sentences in your own words.\n"
        + "paper:\n  title: \n  url: https://arxiv.org/abs/\n"
        + "base_models: []      # e.g. [LLaMA 7B]\n"
        + "model_sizes_b: []    # parameters in billions, e.g. [7, 13]\n"
        + "data_sources: []\n"
        + "data_origin: []      # human-written | machine-generated | nlp-datasets\n"
        + "teacher: []          # models that generated the data\n"
        + "# data_size: {stated: 52K, value: 52000, unit: instances}\n"
        + "license: {}          # code, weights, data, notes\n"
        + '# commercial_use: "no"  # "yes" | "no" | "restricted" | "unclear"\n'
        + "sources:\n  - url: https://arxiv.org/abs/\n"
    )


def entry_yaml(entry: Entry) -> str:
    data = json.loads(entry.model_dump_json(exclude_none=True, exclude_defaults=True))
    data = {k: v for k, v in data.items() if v not in ({}, [])}
    return SCHEMA_COMMENT + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)


def write_entry(entry: Entry, path: Path) -> None:
    """Write one entry file (atomically, so a crash never leaves half a file)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(entry_yaml(entry), encoding="utf-8")
    os.replace(tmp, path)
