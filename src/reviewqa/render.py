"""Turn an ``Answer`` into text for a terminal or markdown for the chat. Pure functions, tested without a server.

Field labels and values come from the review profile (``values.display``); every string taken from the corpus is
escaped before it enters markdown, and links are built from the stored URL, never from escaped text.
"""

from __future__ import annotations

import re
from typing import Any

from .answer import Answer
from .profile import Profile
from .schema import entry_model
from .values import display

__all__ = ["answer_markdown", "answer_text", "compare_table", "entry_of", "esc", "record_card", "record_fields"]

_HIDDEN = ("id", "score", "scores")


def entry_of(record: dict[str, Any], profile: Profile) -> Any:
    """The entry inside an answer record (which adds id, score and scores)."""
    return entry_model(profile).model_validate({k: v for k, v in record.items() if k not in _HIDDEN})


def record_fields(entry: Any, profile: Profile, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every non-empty field as label -> readable value, in profile order (for cards, tables and the terminal)."""
    out: dict[str, str] = {}
    for key, spec in profile.fields.items():
        if key in skip or spec.type in ("sources", "paper"):
            continue
        value = display(profile, key, getattr(entry, key, None))
        if value:
            out[spec.label] = value
    return out


def _texts(profile: Profile) -> tuple[str, ...]:
    return tuple(profile.fields_of("text"))


def answer_text(answer: Answer, profile: Profile) -> str:
    lines = [answer.answer]
    if answer.filters:
        lines.append(f"(read as: {' and '.join(answer.filters)})")
    sources_key = profile.first_of("sources")
    for rank, record in enumerate(answer.records, 1):
        entry = entry_of(record, profile)
        lines.append("")
        lines.append(f"{rank}. {record['name']} [{record['id']}]  score {record['score']:.3f}")
        for label, value in record_fields(entry, profile, skip=_texts(profile)).items():
            lines.append(f"   {label}: {value}")
        if sources_key:
            lines.append(f"   Sources: {', '.join(s.url for s in getattr(entry, sources_key) or [])}")
    return "\n".join(lines)


# ---- markdown for the web chat: every corpus string is escaped, every link checked ------------------------------
_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]()#+!|~<>&"})


def esc(text: object) -> str:
    """Corpus text as inert markdown: every markdown and HTML special character backslash-escaped, so the chat shows
    it literally ("<script>" appears as text and never becomes an element)."""
    return str(text).translate(_MD_SPECIAL).replace("\n", " ")


def link(label: str, url: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"'()\\]+", url):
        return esc(label)
    return f"[{esc(label)}]({url})"


def _title(entry: Any, profile: Profile) -> str:
    paper_key = profile.first_of("paper")
    paper = getattr(entry, paper_key, None) if paper_key else None
    return link(entry.name, paper.url) if paper else esc(entry.name)


def record_card(record: dict[str, Any], profile: Profile) -> str:
    """One record as a compact markdown card: name, fields, the summary, caveats and source links."""
    entry = entry_of(record, profile)
    head = f"**{_title(entry, profile)}** · id {esc(record['id'])}"
    if "scores" in record:
        s = record["scores"]
        head += f" · match {record['score']:.2f} (meaning {s['dense']:.2f}, words {s['lexical']:.2f})"
    lines = [head, ""]
    texts = _texts(profile)
    if texts and getattr(entry, texts[0], None):
        lines += [f"> {esc(getattr(entry, texts[0]))}", ""]
    lines += [f"- **{esc(label)}**: {esc(value)}" for label, value in record_fields(entry, profile, skip=texts).items()]
    for key in texts[1:]:
        if getattr(entry, key, None):
            lines += ["", f"*{esc(profile.label(key))}*: {esc(getattr(entry, key))}"]
    sources_key = profile.first_of("sources")
    if sources_key:
        sources = " · ".join(link(s.title or s.url, s.url) for s in getattr(entry, sources_key) or [])
        lines += ["", f"Sources: {sources}"]
    return "\n".join(lines)


def list_table(records: list[dict[str, Any]], profile: Profile, columns: list[str]) -> str:
    """Several records as one table (lists and rankings); ``columns`` are field keys."""
    header = "| entry | " + " | ".join(esc(profile.label(c)) for c in columns) + " |"
    lines = [header, "|" + "---|" * (len(columns) + 1)]
    for entry in (entry_of(r, profile) for r in records):
        values = [display(profile, c, getattr(entry, c, None)) or "—" for c in columns]
        lines.append(f"| {_title(entry, profile)} | " + " | ".join(esc(v) for v in values) + " |")
    return "\n".join(lines)


def compare_table(records: list[dict[str, Any]], profile: Profile) -> str:
    entries = [entry_of(r, profile) for r in records]
    fields = [record_fields(e, profile, skip=_texts(profile)) for e in entries]
    labels = list(dict.fromkeys(k for f in fields for k in f))
    lines = ["| field | " + " | ".join(esc(e.name) for e in entries) + " |", "|" + "---|" * (len(entries) + 1)]
    for label in labels:
        lines.append(f"| {esc(label)} | " + " | ".join(esc(f.get(label, "—")) for f in fields) + " |")
    return "\n".join(lines)


def answer_markdown(answer: Answer, profile: Profile) -> str:
    """The chat message for an answer: the answer first, then the records behind it."""
    parts = [esc(answer.answer)]
    if answer.filters:
        parts.append("*Read as: " + esc(" and ".join(answer.filters)) + "*")
    if not answer.records:
        return "\n\n".join(parts)
    if answer.kind in ("list", "count", "rank", "tally"):
        columns = [f for f in answer.fields if f in profile.fields]
        defaults = [k for k in (profile.date_field, profile.first_of("names")) if k]
        parts.append(list_table(answer.records, profile, list(dict.fromkeys([*columns, *defaults]))[:5]))
    elif answer.kind == "compare":
        parts.append(compare_table(answer.records, profile))
    else:
        parts += [record_card(r, profile) for r in answer.records]
    return "\n\n".join(parts)
