"""Turn an ``Answer`` into text for a terminal or HTML for the web chat. Pure functions, tested without a server.

Field labels and values come from the review profile (``values.display``); every string taken from the corpus is
HTML-escaped, and every link is built from a stored URL (http or https), never from text that was escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from .answer import Answer
from .profile import Profile
from .schema import entry_model
from .values import display, is_empty

__all__ = [
    "LIST_SHOWN",
    "answer_html",
    "answer_text",
    "card_html",
    "entry_of",
    "esc",
    "link",
    "record_fields",
    "value_html",
]

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


# ---- HTML for the web chat and the app: every corpus string escaped, every link built from a stored URL ----------
LIST_SHOWN = 10  # rows of a list or ranking shown in the chat; Browse shows them all
_URL = re.compile(r"https?://[^\s<>\"'`\\]+")
_TABLE_KINDS = ("list", "count", "rank", "tally")
# field types whose values are short enough for a table cell (the chat's tables, Browse's columns)
SHORT_TYPES = ("category", "date", "names", "refs", "sizes", "quantity", "enum", "license")


def esc(text: object) -> str:
    """Corpus text as inert HTML on one line: "<script>" is shown as text and never becomes an element."""
    return html.escape(" ".join(str(text).split()), quote=True)


def link(label: str, url: str) -> str:
    """An anchor to ``url`` exactly as stored (only http and https); otherwise the label as text."""
    if not _URL.fullmatch(url):
        return esc(label)
    return f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{esc(label)}</a>'


def _site(url: str) -> str:
    host = urlsplit(url).netloc
    return host.removeprefix("www.") or url


def _title(entry: Any, profile: Profile) -> str:
    paper_key = profile.first_of("paper")
    paper = getattr(entry, paper_key, None) if paper_key else None
    return link(entry.name, paper.url) if paper else esc(entry.name)


def _source(entry: Any, profile: Profile) -> str:
    """The entry's first source as a short link (its site's name)."""
    key = profile.first_of("sources")
    sources = getattr(entry, key, None) if key else None
    return link(_site(sources[0].url), sources[0].url) if sources else ""


def value_html(profile: Profile, key: str, value: Any) -> str:
    """A field's value for a page: links as anchors, everything else as escaped text ("" when empty)."""
    if is_empty(value):
        return ""
    spec = profile.fields[key]
    if spec.type == "links":
        return " · ".join(link(part, getattr(value, part)) for part in spec.parts if getattr(value, part, None))
    if spec.type == "url":
        return link(_site(str(value)), str(value))
    if spec.type == "paper":
        return link(value.title, value.url)
    if spec.type == "sources":
        return " · ".join(link(s.title or _site(s.url), s.url) for s in value)
    return esc(display(profile, key, value) or "")


def card_html(entry: Any, profile: Profile, *, skip_first_text: bool = False) -> str:
    """One entry in full: its name (linked to the paper), its summary, every recorded field, its notes and other texts
    (each under its label) and its sources."""
    texts = _texts(profile)
    parts = [f'<p class="rq-card-title"><strong>{_title(entry, profile)}</strong></p>']
    if texts and getattr(entry, texts[0], None) and not skip_first_text:
        parts.append(f'<p class="rq-text">{esc(getattr(entry, texts[0]))}</p>')
    rows = []
    for key, spec in profile.fields.items():
        if spec.type in ("text", "sources", "extra"):
            continue
        shown = value_html(profile, key, getattr(entry, key, None))
        if shown:
            rows.append(f"<dt>{esc(spec.label)}</dt><dd>{shown}</dd>")
    if rows:
        parts.append(f'<dl class="rq-fields">{"".join(rows)}</dl>')
    for key in texts[1:]:
        if getattr(entry, key, None):
            parts.append(f'<p class="rq-extra-text"><strong>{esc(profile.label(key))}:</strong> '
                         f"{esc(getattr(entry, key))}</p>")  # fmt: skip
    sources = profile.first_of("sources")
    if sources and getattr(entry, sources, None):
        parts.append(f'<p class="rq-sources"><strong>{esc(profile.label(sources))}:</strong> '
                     f"{value_html(profile, sources, getattr(entry, sources))}</p>")  # fmt: skip
    return f'<div class="rq-card">{"".join(parts)}</div>'


def _table(head: list[str], rows: list[list[str]], *, wide: bool = False, short: Sequence[bool] = ()) -> str:
    """A table that scrolls sideways when it is wider than the chat; cells never break inside a word (``wide``: the
    columns hold longer text, which wraps between words; ``short``: columns of dates and numbers, never wrapped)."""
    kind = "rq-table rq-wide" if wide else "rq-table"
    th = "".join(f'<th scope="col">{h}</th>' for h in head)
    cls = [' class="rq-short"' if i < len(short) and short[i] else "" for i in range(len(head))]
    body = "".join("<tr>" + "".join(f"<td{cls[i]}>{c}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows)
    table = f'<table class="{kind}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'
    return f'<div class="rq-scroll" tabindex="0" role="region" aria-label="Evidence table">{table}</div>'


def _columns(answer: Answer, profile: Profile, limit: int = 4) -> list[str]:
    """The fields a table of this answer shows: those asked, ranked or tested; else the date and the first names
    field."""
    asked = [k for k in answer.columns if k in profile.fields and profile.fields[k].type in SHORT_TYPES]
    cat = profile.category_field
    asked = [k for k in asked if k != cat] or asked
    if not asked:
        asked = [k for k in (profile.date_field, profile.first_of("names")) if k]
    return asked[:limit]


def _lead(answer: Answer, entries: list[Any], profile: Profile) -> str:
    """The answer sentence without what the evidence below shows anyway: source URLs of the records shown, a long
    enumeration of the names listed in the table, a comparison spelt out field by field."""
    text = answer.answer
    if answer.kind == "compare" and entries:
        names = [e.name for e in entries]
        return f"Comparing {', '.join(names[:-1])} and {names[-1]}, field by field:" if len(names) > 1 else text
    paper_key, sources_key = profile.first_of("paper"), profile.first_of("sources")
    shown = set()
    for entry in entries:
        paper = getattr(entry, paper_key, None) if paper_key else None
        if paper is not None:
            shown.add(paper.url)
        shown |= {s.url for s in (getattr(entry, sources_key, None) or [] if sources_key else [])}
    text = re.sub(r"\s*Source: (\S+?)(?=\s|$)", lambda m: "" if m.group(1) in shown else m.group(0), text)
    if answer.kind in _TABLE_KINDS and len(entries) > 3 and ": " in text:
        head, tail = text.split(": ", 1)
        rest = tail
        for entry in sorted(entries, key=lambda e: -len(e.name)):
            rest = rest.replace(entry.name, "", 1)
        if not re.sub(r"\b(and|or)\b", "", rest).strip(" ,.;"):  # the tail only enumerates the names listed
            text = head.rstrip(" .") + "."
    return text


def answer_html(answer: Answer, profile: Profile) -> str:
    """The chat message for an answer: the answer first (with how a list was read and the sidebar filters, each said
    once), then one line of evidence per record, and the full records folded, to open on demand."""
    entries = [entry_of(r, profile) for r in answer.records]
    parts = [f'<p class="rq-lead">{esc(_lead(answer, entries, profile))}</p>']
    if answer.outside:
        them = "it" if len(answer.outside) == 1 else "them"
        parts.append(f'<p class="rq-outside" role="note">Outside the filters set beside the chat: '
                     f"{esc(', '.join(answer.outside))} — shown because the question names {them}.</p>")  # fmt: skip
    if answer.reading and answer.kind in _TABLE_KINDS and answer.reading not in answer.answer:
        parts.append(f'<p class="rq-read">Read as: {esc(answer.reading)}</p>')
    if answer.scope:
        parts.append(f'<p class="rq-scope">Filters beside the chat: {esc("; ".join(answer.scope))}</p>')
    if not entries:
        return f'<div class="rq-answer">{"".join(parts)}</div>'
    if answer.kind in _TABLE_KINDS:
        columns = _columns(answer, profile)
        shown = entries[:LIST_SHOWN]
        head = [esc("Name"), *(esc(profile.label(k)) for k in columns), "Source"]
        rows = [[f"<strong>{esc(e.name)}</strong>", *(value_html(profile, k, getattr(e, k, None)) or "—"
                 for k in columns), _source(e, profile)] for e in shown]  # fmt: skip
        short = [False, *(profile.fields[k].type == "date" for k in columns), True]
        parts.append(_table(head, rows, short=short))
        if len(entries) > len(shown):
            parts.append(f'<p class="rq-more">Showing {len(shown)} of {len(entries)}; Browse lists them all.</p>')
        cards = "".join(
            f'<details class="rq-record"><summary><strong>{esc(e.name)}</strong></summary>{card_html(e, profile)}'
            "</details>"
            for e in shown
        )
        parts.append(
            f'<details class="rq-cards"><summary>Full records of these {len(shown)}</summary>{cards}</details>'
        )
    else:
        if answer.kind == "compare":
            keys = [k for k, spec in profile.fields.items() if spec.type in (*SHORT_TYPES, "links")]
            keys = [k for k in keys if any(not is_empty(getattr(e, k, None)) for e in entries)]
            rows = [[f"<strong>{esc(profile.label(k))}</strong>",
                     *(value_html(profile, k, getattr(e, k, None)) or "—" for e in entries)] for k in keys]  # fmt: skip
            parts.append(_table([esc("Field"), *(esc(e.name) for e in entries)], rows, wide=True))
        columns = _columns(answer, profile, limit=2) if answer.columns else []
        for entry in entries:
            facts = [f"{esc(profile.label(k))}: {value_html(profile, k, getattr(entry, k, None))}"
                     for k in columns if not is_empty(getattr(entry, k, None))]  # fmt: skip
            line = " · ".join([f"<strong>{esc(entry.name)}</strong>", *facts, _source(entry, profile)])
            card = card_html(entry, profile, skip_first_text=answer.kind == "describe")
            parts.append(f'<details class="rq-record"><summary>{line.strip(" ·")}</summary>{card}</details>')
    return f'<div class="rq-answer">{"".join(parts)}</div>'
