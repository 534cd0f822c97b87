"""Read and validate a review: its profile and one YAML file per entry, file name = record id.

Everything a person can get wrong in a corpus file becomes a ``Problem`` with the file, the line and the field, and all
problems of all files are reported together (``validate``) or raised together (``load_corpus``). Entry files are
written (by ``reviewqa new`` and ``reviewqa import``) only to a path ``safe_target`` allows, with
``write_text_atomic``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .canon import Resolver, rendered_fields
from .errors import CorpusError, Problem
from .profile import Profile, find_profile, load_profile
from .schema import ID_PATTERN, entry_model
from .values import display, name_key
from .yamlfile import MAX_FILE_BYTES, line_of, read_yaml, validation_problems

__all__ = [
    "MAX_FILE_BYTES",
    "Corpus",
    "Record",
    "corpus_files",
    "document_text",
    "load_corpus",
    "name_key",
    "passages",
    "read_records",
    "template_entry",
    "validate",
]

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/entry.schema.json\n"
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Record:
    """A validated entry with its id, file and content hash (of the parsed content, not the bytes)."""

    id: str
    entry: Any  # an instance of entry_model(profile)
    path: Path
    content_hash: str = field(default="", compare=False)

    @staticmethod
    def make(record_id: str, entry: BaseModel, path: Path) -> Record:
        digest = hashlib.sha256(entry.model_dump_json().encode()).hexdigest()[:16]
        return Record(record_id, entry, path, digest)

    def get(self, key: str) -> Any:
        return getattr(self.entry, key, None)


@dataclass(frozen=True)
class Corpus:
    root: Path
    records: tuple[Record, ...]
    profile: Profile

    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}

    def fingerprint(self) -> str:
        joined = "\n".join(f"{r.id}:{r.content_hash}" for r in self.records)
        joined += "\nprofile:" + hashlib.sha256(self.profile.model_dump_json().encode()).hexdigest()
        return hashlib.sha256(joined.encode()).hexdigest()[:16]


def corpus_files(root: Path) -> list[Path]:
    try:
        return sorted(p for p in Path(root).iterdir() if p.suffix in SUFFIXES and not p.name.startswith("."))
    except OSError:
        return []


def read_entry(path: Path, root: Path, profile: Profile) -> tuple[Any, list[Problem]]:
    """Parse and validate one file; return the entry (or None) and every problem found."""
    rel = str(Path(root.name) / path.name)
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return None, [Problem(rel, "symbolic link that leads nowhere (or in a loop); remove it")]
        if root.resolve() not in target.parents:
            return None, [Problem(rel, f"symbolic link points outside the corpus folder (to {target})")]
    data, node, problems = read_yaml(path, rel)
    if data is None:
        return None, problems
    try:
        entry = entry_model(profile).model_validate(data)
    except ValidationError as exc:
        return None, problems + validation_problems(exc, node, rel)
    except RecursionError:
        return None, [*problems, Problem(rel, "a value is nested too deeply to read")]
    return (None if problems else entry), problems


def _cross_checks(records: list[Record], root: Path, profile: Profile) -> list[Problem]:
    problems: list[Problem] = []
    by_id: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_id[record.id].append(record)
    for rid, same in by_id.items():
        files = ", ".join(r.path.name for r in same)
        for record in same[1:]:
            problems.append(Problem(f"{root.name}/{record.path.name}", f"duplicate id {rid!r} (files: {files})"))
    records = [same[0] for same in by_id.values()]
    alias_field = profile.first_of("aliases")
    claims: dict[str, set[str]] = defaultdict(set)
    names: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        names[name_key(record.entry.name)].append(record)
        aliases = record.get(alias_field) if alias_field else []
        for name in {record.id, record.entry.name, *(aliases or [])}:
            claims[name_key(name)].add(record.id)
    for same in names.values():
        for record in same[1:]:
            others = ", ".join(r.id for r in same if r is not record)
            node = _node(record.path)
            problems.append(
                Problem(
                    f"{root.name}/{record.path.name}",
                    f"name {record.entry.name!r} is also the name of {others}; give one of them another name",
                    line_of(node, ("name",)),
                    "name",
                )
            )
    if alias_field:
        for record in records:
            for i, alias in enumerate(record.get(alias_field) or []):
                owners = claims.get(name_key(alias), set()) - {record.id}
                if owners:
                    problems.append(
                        Problem(
                            f"{root.name}/{record.path.name}",
                            f"alias {alias!r} is also claimed by {', '.join(sorted(owners))}; "
                            "an alias must name one entry",
                            line_of(_node(record.path), (alias_field, i)),
                            f"{alias_field}[{i}]",
                        )
                    )
    return problems


def _canonical(records: list[Record], root: Path, profile: Profile) -> tuple[list[Record], list[Problem]]:
    """The vocabulary check, the reference rules and the dating rule (``canon``); references rendered with the names
    of the entries they point to."""
    resolver = Resolver(profile, {r.id: r.entry for r in records})
    problems: list[Problem] = []
    for record in records:
        issues = resolver.issues(record.entry)
        node = _node(record.path) if issues else None
        for issue in issues:
            loc: list[Any] = [*issue.field.split("."), *([] if issue.index is None else [issue.index])]
            where = issue.field if issue.index is None else f"{issue.field}[{issue.index}]"
            problems.append(Problem(f"{root.name}/{record.path.name}", issue.message, line_of(node, loc), where))
    rendered = []
    for record in records:
        update = {
            key: [resolver.render(v) for v in record.get(key)] for key in rendered_fields(profile) if record.get(key)
        }
        if any(update[k] != record.get(k) for k in update):
            record = Record.make(record.id, record.entry.model_copy(update=update), record.path)
        rendered.append(record)
    return rendered, problems


def _node(path: Path) -> yaml.Node | None:
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None


def _scan(root: Path, profile: Profile) -> tuple[list[Record], list[Problem]]:
    if not root.is_dir():
        return [], [Problem(str(root), "corpus folder does not exist")]
    records: list[Record] = []
    problems: list[Problem] = []
    for path in corpus_files(root):
        rid = path.stem
        entry, found = read_entry(path, root, profile)
        problems.extend(found)
        if not ID_PATTERN.match(rid):
            problems.append(
                Problem(f"{root.name}/{path.name}", "file name must be a lowercase slug like 'my-model-2.yaml'")
            )
            continue
        if entry is not None:
            records.append(Record.make(rid, entry, path))
    problems.extend(_cross_checks(records, root, profile))
    records, found = _canonical(records, root, profile)
    problems.extend(found)
    if not records and not problems:
        problems.append(Problem(str(root), "the corpus folder has no .yaml entries"))
    return records, problems


def open_profile(root: Path, profile: Profile | Path | None = None) -> Profile:
    """The profile given, or the one found beside the corpus folder (``review.yaml``)."""
    if isinstance(profile, Profile):
        return profile
    path = find_profile(Path(root), profile)
    if not path.is_file():
        raise CorpusError(
            [Problem(str(path), "no review profile here; every corpus needs a review.yaml beside its folder "
                     "(see the README, 'The review profile')")]
        )  # fmt: skip
    return load_profile(path)


def validate(root: Path, profile: Profile | Path | None = None) -> list[Problem]:
    """Every problem in the profile and the corpus folder; an empty list means it is valid."""
    try:
        prof = open_profile(Path(root), profile)
    except CorpusError as exc:
        return exc.problems
    return _scan(Path(root), prof)[1]


def read_records(root: Path, profile: Profile | Path | None = None) -> tuple[list[Record], Profile, list[Problem]]:
    """The entries that can be read, even when others have problems (to list values while fixing them), the profile
    and the problems."""
    prof = open_profile(Path(root), profile)
    records, problems = _scan(Path(root), prof)
    return records, prof, problems


def load_corpus(root: Path, profile: Profile | Path | None = None) -> Corpus:
    """The validated corpus; raises ``CorpusError`` listing every problem if there is any."""
    prof = open_profile(Path(root), profile)
    records, problems = _scan(Path(root), prof)
    if problems:
        raise CorpusError(problems)
    return Corpus(Path(root), tuple(sorted(records, key=lambda r: r.id)), prof)


def load_valid(root: Path, profile: Profile | Path | None = None) -> tuple[Corpus, list[Problem]]:
    """The corpus of the entries that have no problem, and the problems of the files left out (``index
    --skip-invalid``). Problems of the profile, or no valid entry at all, still raise ``CorpusError``."""
    prof = open_profile(Path(root), profile)
    records, problems = _scan(Path(root), prof)
    broken = {Path(p.file).name for p in problems}
    kept = [r for r in records if r.path.name not in broken]
    if not kept:
        raise CorpusError(problems or [Problem(str(root), "the corpus folder has no valid entry")])
    return Corpus(Path(root), tuple(sorted(kept, key=lambda r: r.id)), prof), problems


def sentences(text: str | None) -> list[str]:
    """A text split into sentences of some substance (a question is matched against each on its own)."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"(])", " ".join((text or "").split()))
    return [p.strip() for p in parts if len(p.strip()) > 20]


_FACT_TYPES = ("names", "refs", "quantity", "sizes", "enum", "date", "license", "text", "category")


def _fact(profile: Profile, key: str, value: str) -> str:
    template = profile.fields[key].condition
    if template and "{value}" in template:
        sentence = template.format(value=value)
        return sentence[:1].upper() + sentence[1:] + "."
    return f"{profile.fields[key].label}: {value}."


def document_text(record: Record, profile: Profile, with_text: bool = True) -> str:
    """The text embedded and indexed for an entry: names, then the facts people ask about, then its texts.

    Facts come before long texts because the embedding model reads only the first 256 word pieces.
    """
    alias_field = profile.first_of("aliases")
    aliases = (record.get(alias_field) or []) if alias_field else []
    parts = [f"{record.entry.name}." if not aliases else f"{record.entry.name} ({', '.join(aliases)})."]
    texts: list[str] = []
    for key, spec in profile.fields.items():
        if spec.type not in _FACT_TYPES:
            if spec.type == "paper" and record.get(key) is not None:
                texts.append(f"Paper: {record.get(key).title}.")
            continue
        shown = display(profile, key, record.get(key))
        if shown is None:
            continue
        if spec.type == "text":
            texts.append(shown)
        elif spec.type == "category":
            parts.append(f"{shown}.")
        else:
            parts.append(_fact(profile, key, shown))
    return " ".join(parts + (texts if with_text else []))


@dataclass(frozen=True)
class Passage:
    kind: str  # "facts" or the key of the text field the sentence comes from
    text: str


def passages(record: Record, profile: Profile) -> list[Passage]:
    """What is embedded for an entry: its names and facts, then each sentence of its text fields on its own.

    An entry matches a question as well as its best passage does, so a question that paraphrases one sentence of a
    summary is not drowned by the rest of the entry; the sentences also answer why and how questions.
    """
    out = [Passage("facts", document_text(record, profile, with_text=False))]
    for key in profile.fields_of("text"):
        out += [Passage(key, s) for s in sentences(record.get(key))]
    for key in profile.fields_of("license"):  # the conditions written beside a license ("what's the catch?")
        out += [Passage(key, s) for s in sentences(getattr(record.get(key), "notes", None))]
    return out


def template_entry(record_id: str, profile: Profile) -> str:
    """A commented starting point for a new entry file, with every field of the profile."""
    lines = [SCHEMA_COMMENT.rstrip("\n"), f"# New entry '{record_id}'. Fill in what the sources state; leave unknown "
             "fields out.", "name: "]  # fmt: skip
    examples = {
        "text": ">-\n  Your own words.",
        "names": "[]",
        "aliases": "[]",
        "refs": "[]",
        "sizes": "[]",
        "date": "  # YYYY-MM",
        "paper": "\n  title: \n  url: https://",
        "sources": "\n  - url: https://",
    }
    for key, spec in profile.fields.items():
        if spec.type == "category":
            lines.append(f"{key}: {profile.category_ids[0]}  # {' | '.join(profile.category_ids)}")
        elif spec.type == "enum":
            values = " | ".join(v.value for v in spec.values)
            lines.append(f"# {key}: {'[]' if spec.multiple else ''}  # {values}")
        elif spec.type == "quantity":
            units = " | ".join(u.name for u in spec.units) or "any"
            lines.append(f"# {key}: {{stated: '', value: 0, unit: }}  # unit: {units}")
        elif spec.type in ("license", "links"):
            lines.append(f"# {key}: {{{', '.join(p + ': ' for p in spec.parts)}}}")
        elif spec.type == "extra":
            continue
        elif spec.type in examples:
            value = examples[spec.type]
            lines.append(
                f"{key}: {value}"
                if spec.required or spec.type == "sources"
                else f"# {key}: {value}".replace("\n", "\n# ")
            )
        else:
            lines.append(f"# {key}: ")
    return "\n".join(lines) + "\n"


def safe_target(folder: Path, record_id: str) -> Path:
    """The file for ``record_id`` inside ``folder``; refuses ids that are not slugs and paths that leave the folder."""
    if not ID_PATTERN.match(record_id or ""):
        raise CorpusError(
            [Problem(str(folder), f"id {record_id!r} is not a lowercase slug like 'my-model-2'", None, "id")]
        )
    root = Path(folder).resolve()
    target = root / f"{record_id}.yaml"
    if target.is_symlink() or target.resolve().parent != root:
        raise CorpusError([Problem(str(target), "refusing to write through a symbolic link or outside the folder")])
    return target


def write_text_atomic(path: Path, text: str) -> None:
    """Write a file so that a crash never leaves half of it: a temporary file beside it, fsync, rename. The temporary
    file is always made new: whatever has its name (a leftover of a crash, a link planted there) is removed, never
    written through."""
    tmp = path.with_name(f".{path.name}.tmp")
    if tmp.is_symlink() or tmp.is_file():
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
