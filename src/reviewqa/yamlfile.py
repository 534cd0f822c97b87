"""Read one YAML file written by a person, and turn what is wrong with it into ``Problem``s with line and field.

Shared by corpus entries and the review profile. Reading is defensive: regular files only, a size limit before
reading, UTF-8 only, and no YAML aliases deeper or more numerous than a hand-written file needs (a few hundred bytes
of nested aliases can otherwise expand to gigabytes). Validation against a model is the caller's business; this
module only locates pydantic errors in the node tree.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import Problem

__all__ = ["MAX_FILE_BYTES", "line_of", "read_yaml", "validation_problems"]

MAX_FILE_BYTES = 1_000_000
MAX_ALIASES = 100
MAX_DEPTH = 30
MAX_NODES = 100_000  # values after aliases are expanded


def _limits(node: yaml.Node | None) -> str | None:
    """Why a composed node tree is unsafe to construct (aliases too many, cyclic or too deep), or None."""
    seen: set[int] = set()
    aliases = 0

    def visit(current: yaml.Node, depth: int, ancestors: frozenset[int]) -> str | None:
        nonlocal aliases
        if depth > MAX_DEPTH:
            return f"nested more than {MAX_DEPTH} levels deep"
        if id(current) in ancestors:
            return "a value that contains itself (an alias to its own anchor)"
        if id(current) in seen:
            aliases += 1  # the same node reached again is an alias
            if aliases > MAX_ALIASES:
                return f"more than {MAX_ALIASES} aliases (&anchor / *alias); write the values out"
            if not isinstance(current, yaml.ScalarNode):
                return None  # its contents were checked the first time
        seen.add(id(current))
        inner = ancestors | {id(current)}
        children: list[yaml.Node] = []
        if isinstance(current, yaml.MappingNode):
            children = [n for pair in current.value for n in pair]
        elif isinstance(current, yaml.SequenceNode):
            children = list(current.value)
        for child in children:
            found = visit(child, depth + 1, inner)
            if found:
                return found
        return None

    if node is None:
        return None
    found = visit(node, 1, frozenset())
    if found:
        return found
    sizes: dict[int, int] = {}

    def expanded(current: yaml.Node) -> int:
        """How many values the tree holds once aliases are copied out (memoised: the tree is acyclic here)."""
        if id(current) not in sizes:
            children: list[yaml.Node] = []
            if isinstance(current, yaml.MappingNode):
                children = [n for pair in current.value for n in pair]
            elif isinstance(current, yaml.SequenceNode):
                children = list(current.value)
            sizes[id(current)] = min(MAX_NODES + 1, 1 + sum(expanded(c) for c in children))
        return sizes[id(current)]

    if expanded(node) > MAX_NODES:
        return f"more than {MAX_NODES:,} values once its aliases are expanded"
    return None


# libyaml's parser when PyYAML was built with it (about ten times faster: it is most of opening a review)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _construct(node: yaml.Node | None) -> Any:
    """The plain data of a node tree already composed (and checked), as ``yaml.safe_load`` would give it."""
    if node is None:
        return None
    loader = _LOADER("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def read_yaml(path: Path, rel: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """(data, node tree, problems) of one file; data is None when there are problems."""
    try:
        info = path.stat()
    except OSError as exc:
        return None, None, [Problem(rel, f"cannot read the file: {exc.strerror or exc}")]
    if not stat.S_ISREG(info.st_mode):
        return None, None, [Problem(rel, "not a regular file (a folder, a pipe or a device); remove it or rename it")]
    if info.st_size > MAX_FILE_BYTES:
        return None, None, [Problem(rel, f"file is {info.st_size:,} bytes; at most {MAX_FILE_BYTES:,} are read")]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, None, [Problem(rel, f"cannot read the file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return (
            None,
            None,
            [Problem(rel, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line)],
        )
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where: int | None = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, None, [Problem(rel, f"not valid YAML: {reason}", where)]
    unsafe = _limits(node)
    if unsafe:
        return None, node, [Problem(rel, f"not accepted: the YAML is {unsafe}", 1)]
    try:
        data = _construct(node)
    except (yaml.YAMLError, RecursionError) as exc:
        return None, node, [Problem(rel, f"not valid YAML: {str(exc).splitlines()[0] if str(exc) else 'too deep'}")]
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        return None, node, [Problem(rel, f"expected a mapping of field names to values, the file is {kind}", 1)]
    problems = _duplicate_keys(node, "", rel) if node is not None else []
    return data, node, problems


def line_of(node: yaml.Node | None, loc: Iterable[Any]) -> int | None:
    """The 1-based line of the deepest node of ``loc`` that exists in the YAML node tree."""
    line = None if node is None else node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == part), None)
            if match is None:
                return line
            key, node = match
            line = key.start_mark.line + 1
            if isinstance(node, yaml.ScalarNode):
                line = node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _duplicate_keys(node: yaml.Node, path: str, rel: str) -> list[Problem]:
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, str]] = [(node, path)]
    seen_nodes: set[int] = set()
    while stack:
        current, where = stack.pop()
        if id(current) in seen_nodes:
            continue
        seen_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in current.value:
                name = str(getattr(key, "value", ""))
                dotted = f"{where}.{name}" if where else name
                if name in keys:
                    problems.append(
                        Problem(rel, "key appears twice in the same mapping", key.start_mark.line + 1, dotted)
                    )
                keys.add(name)
                stack.append((value, dotted))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, f"{where}[{i}]") for i, item in enumerate(current.value))
    return sorted(problems, key=lambda p: p.line or 0)


def _describe(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    got = error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return (
            "unknown field (check the spelling; `reviewqa schema` lists an entry's fields, `--profile-schema` the"
            " profile's)"
        )
    if kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, got {got!r}"
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if pattern.startswith(r"^\d{4}"):
            return f"expected a date as YYYY-MM, got {got!r}"
        return f"expected an http(s) address, got {got!r}"
    message = error.get("msg", "invalid value")
    if isinstance(got, (dict, list)):
        return message  # a check of the whole mapping: its message names what is wrong; the mapping would bury it
    return f"{message}, got {got!r}"


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_problems(exc: ValidationError, node: yaml.Node | None, rel: str) -> list[Problem]:
    """One ``Problem`` per pydantic error, with the line of the offending node."""
    problems = []
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        problems.append(Problem(rel, _describe(dict(error)), line_of(node, loc), _loc_text(loc) or None))
    return problems
