"""Turn an ``Answer`` into text for a terminal. Pure functions, tested without a server or a model."""

from __future__ import annotations

import re
from typing import Any

from .answer import Answer
from .fields import record_fields
from .schema import Entry

__all__ = ["answer_markdown", "answer_text", "compare_table", "entry_of", "esc", "record_card"]


def entry_of(record: dict[str, Any]) -> Entry:
    """The schema entry inside an answer record (which adds id, score and scores)."""
    data = {k: v for k, v in record.items() if k not in ("id", "score", "scores")}
    return Entry.model_validate(data)


def answer_text(answer: Answer) -> str:
    lines = [answer.answer]
    if answer.filters:
        lines.append(f"(filter: {' and '.join(answer.filters)})")
    for rank, record in enumerate(answer.records, 1):
        lines.append("")
        lines.append(f"{rank}. {record['name']} [{record['id']}]  score {record['score']:.3f}")
        for label, value in record_fields(entry_of(record)).items():
            if label != "Summary":
                lines.append(f"   {label}: {value}")
        lines.append(f"   Sources: {', '.join(s['url'] for s in record.get('sources', []))}")
    return "\n".join(lines)


# ---- markdown for the web chat: every corpus string is escaped, every link checked ------------------------------
_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]()#+!|~<>&"})


def esc(text: object) -> str:
    """Corpus text as inert markdown: every markdown and HTML special character backslash-escaped, so the chat shows
    it literally ("<script>" appears as text and never becomes an element)."""
    return str(text).translate(_MD_SPECIAL).replace("\n", " ")


def link(label: str, url: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"']+", url):
        return esc(label)
    safe = url.replace("(", "%28").replace(")", "%29")
    return f"[{esc(label)}]({safe})"


def record_card(record: dict[str, Any]) -> str:
    """One record as a compact markdown card: name, scores, fields, source links."""
    entry = entry_of(record)
    title = link(entry.name, entry.paper.url) if entry.paper else esc(entry.name)
    score = f"score {record['score']:.2f}"
    if "scores" in record:
        s = record["scores"]
        score += f" (dense {s['dense']:.2f}, lexical {s['lexical']:.2f})"
    lines = [f"**{title}** · id {esc(record['id'])} · {score}", ""]
    rows = [(label, value) for label, value in record_fields(entry).items() if label not in ("Summary", "Paper")]
    if entry.summary:
        lines += [f"> {esc(entry.summary)}", ""]
    lines += [f"- **{esc(label)}**: {esc(value)}" for label, value in rows]
    sources = " · ".join(link(s.title or s.url, s.url) for s in entry.sources)
    lines += ["", f"Sources: {sources}"]
    return "\n".join(lines)


def list_table(records: list[dict[str, Any]], columns: list[str]) -> str:
    """Several records as one table (lists and comparisons)."""
    header = "| entry | " + " | ".join(columns) + " |"
    lines = [header, "|" + "---|" * (len(columns) + 1)]
    for entry in (entry_of(r) for r in records):
        values = record_fields(entry)
        name = link(entry.name, entry.paper.url) if entry.paper else esc(entry.name)
        lines.append(f"| {name} | " + " | ".join(esc(values.get(c, "—")) for c in columns) + " |")
    return "\n".join(lines)


def answer_markdown(answer: Answer) -> str:
    """The chat message for an answer: the answer first, then the records behind it."""
    parts = [esc(answer.answer)]
    if answer.filters:
        parts.append("*Filter applied: " + esc(" and ".join(answer.filters)) + "*")
    if not answer.records:
        return "\n\n".join(parts)
    if answer.kind in ("list", "count", "superlative"):
        parts.append(list_table(answer.records, ["Date", "Organization", "Base model", "Amount of data", "License"]))
    elif answer.kind == "compare":
        parts.append(compare_table(answer.records))
    else:
        parts += [record_card(r) for r in answer.records]
    return "\n\n".join(parts)


def compare_table(records: list[dict[str, Any]]) -> str:
    entries = [entry_of(r) for r in records]
    fields = [record_fields(e) for e in entries]
    labels = [label for label in dict.fromkeys(k for f in fields for k in f) if label not in ("Summary", "Links")]
    lines = ["| field | " + " | ".join(esc(e.name) for e in entries) + " |", "|" + "---|" * (len(entries) + 1)]
    for label in labels:
        lines.append(f"| {esc(label)} | " + " | ".join(esc(f.get(label, "—")) for f in fields) + " |")
    return "\n".join(lines)
