"""The Gradio web chat: an adapter over ``Assistant.ask``; ``build_app`` makes the UI, ``launch`` serves it.

Offline and private by default: binds 127.0.0.1, no share link, analytics off, system fonts only (the default theme's
web fonts would be fetched from another host). Turning answers into chat markdown is ``render.py``'s job; what the
chat shows is exactly what ``ask`` returns.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .embed import Embedder
from .live import Keeper
from .profile import Profile
from .query import And, Atom, Cond
from .render import answer_markdown, record_card
from .values import display, numbers

__all__ = ["build_app", "chat_history_questions", "launch", "serve", "timeline_svg", "ui_filters"]

PALETTE = ["#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
CSS = """
footer {display: none !important}
.reviewqa-status {font-size: 0.9em}
"""


def chat_history_questions(history: Sequence[Any]) -> list[str]:
    """The user's earlier questions from Gradio's message history (dicts or message objects)."""
    out = []
    for message in history or []:
        role = message.get("role") if isinstance(message, dict) else getattr(message, "role", None)
        content = message.get("content") if isinstance(message, dict) else getattr(message, "content", None)
        if role == "user":
            if isinstance(content, list):  # Gradio 6 may give content as a list of parts
                content = " ".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
            if isinstance(content, str):
                out.append(content)
    return out


def sidebar_fields(profile: Profile) -> dict[str, str]:
    """The fields the sidebar filters on: the category, the first names field with a vocabulary, single enums."""
    out: dict[str, str] = {}
    if profile.category_field:
        out[profile.category_field] = "category"
    named = next((k for k, s in profile.fields.items() if s.type == "names" and s.vocabulary), None)
    if named:
        out[named] = "names"
    for key, spec in profile.fields.items():
        if spec.type == "enum" and not spec.multiple:
            out[key] = "enum"
    return out


def ui_filters(profile: Profile, chosen: dict[str, Sequence[str]], year_from: Any, year_to: Any) -> Cond | None:
    """The sidebar's choices as one condition narrowing what the chat answers."""
    atoms: list[Cond] = []
    for key, values in chosen.items():
        values = [v for v in values or [] if isinstance(v, str)]
        if not values or key not in profile.fields:
            continue
        op = "has" if profile.fields[key].type == "names" else "eq"
        shown = ", ".join(profile.category_title(v) if profile.fields[key].type == "category" else v for v in values)
        atoms.append(Atom(key, op, tuple(values), f"{profile.label(key).lower()}: {shown}"))  # type: ignore[arg-type]
    date_key = profile.date_field
    lo = str(int(year_from)) if year_from not in (None, "", "any") else None
    hi = str(int(year_to)) if year_to not in (None, "", "any") else None
    if date_key and (lo or hi):
        atoms.append(
            Atom(date_key, "between", (f"{lo or '0000'}-01", f"{hi or '9999'}-12"), f"year {lo or '…'}–{hi or '…'}")
        )
    if not atoms:
        return None
    return atoms[0] if len(atoms) == 1 else And(tuple(atoms))


def browse_columns(profile: Profile) -> list[str]:
    short = ("category", "date", "names", "refs", "sizes", "quantity", "enum")
    return [k for k, s in profile.fields.items() if s.type in short and s.browse]


def browse_rows(ids: Sequence[str], entries: Sequence[Any], profile: Profile) -> list[list[Any]]:
    columns = browse_columns(profile)
    return [
        [rid, e.name, *(display(profile, k, getattr(e, k, None)) or "" for k in columns)]
        for rid, e in zip(ids, entries, strict=True)
    ]


def browse_headers(profile: Profile) -> list[str]:
    return ["id", "name", *(profile.label(k) for k in browse_columns(profile))]


def timeline_svg(
    ids: Sequence[str], entries: Sequence[Any], profile: Profile, width: int = 900, height: int = 420
) -> str:
    """Entries over time: date against the first size or amount they record (log scale), coloured by category.

    Self-contained SVG (nothing fetched); every label is escaped.
    """
    date_key = profile.date_field
    numeric = profile.fields_of("sizes", "quantity")
    cat_key = profile.category_field
    colors = {c.id: PALETTE[i % len(PALETTE)] for i, c in enumerate(profile.categories)}
    points = []
    for rid, e in zip(ids, entries, strict=True):
        when = getattr(e, date_key, None) if date_key else None
        if not when:
            continue
        year, month = int(when[:4]), int(when[5:7])
        for key in numeric:
            found = numbers(profile.fields[key], getattr(e, key, None))
            if found:
                what = f"{display(profile, key, getattr(e, key, None))} ({profile.label(key).lower()})"
                points.append((year + (month - 1) / 12, math.log10(max(max(found), 1.0)), e, rid, what))
                break
    if not points:
        return "<p>No entry has a date and a size to plot.</p>"
    pad_l, pad_r, pad_t, pad_b = 60, 20, 20, 40
    x0, x1 = min(p[0] for p in points) - 0.2, max(p[0] for p in points) + 0.2
    y0, y1 = math.floor(min(p[1] for p in points)), math.ceil(max(p[1] for p in points))
    y1 = max(y1, y0 + 1)

    def sx(x: float) -> float:
        return pad_l + (x - x0) / (x1 - x0) * (width - pad_l - pad_r)

    def sy(y: float) -> float:
        return height - pad_b - (y - y0) / (y1 - y0) * (height - pad_t - pad_b)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Timeline of the review" style="width:100%;max-width:{width}px;font:12px sans-serif">'
    ]
    for year in range(math.ceil(x0), math.floor(x1) + 1):
        parts.append(
            f'<line x1="{sx(year):.1f}" y1="{pad_t}" x2="{sx(year):.1f}" y2="{height - pad_b}" stroke="#ddd"/>'
        )
        parts.append(f'<text x="{sx(year):.1f}" y="{height - pad_b + 16}" text-anchor="middle">{year}</text>')
    for exp in range(y0, y1 + 1):
        parts.append(f'<line x1="{pad_l}" y1="{sy(exp):.1f}" x2="{width - pad_r}" y2="{sy(exp):.1f}" stroke="#eee"/>')
        parts.append(f'<text x="{pad_l - 6}" y="{sy(exp) + 4:.1f}" text-anchor="end">1e{exp}</text>')
    for x, y, e, rid, what in points:
        label = html.escape(f"{e.name} ({getattr(e, date_key or '', '')}): {what}")
        color = colors.get(getattr(e, cat_key, "") if cat_key else "", PALETTE[0])
        parts.append(
            f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="6" fill="{color}" '
            f'fill-opacity="0.8" data-id="{html.escape(rid)}"><title>{label}</title></circle>'
        )
        parts.append(f'<text x="{sx(x) + 8:.1f}" y="{sy(y) + 4:.1f}" font-size="10">{html.escape(e.name[:18])}</text>')
    for i, cat in enumerate(profile.categories):
        parts.append(
            f'<circle cx="{pad_l + 10}" cy="{pad_t + 8 + i * 16}" r="5" fill="{colors[cat.id]}"/>'
            f'<text x="{pad_l + 20}" y="{pad_t + 12 + i * 16}">{html.escape(cat.title)}</text>'
        )
    parts.append(
        f'<text x="{pad_l}" y="{height - 6}">date → ; vertical: the first recorded size or amount (log scale)'
        "</text></svg>"
    )
    return "".join(parts)


def _sidebar_choices(profile: Profile, key: str, kind: str, entries: Sequence[Any]) -> list[Any]:
    if kind == "category":
        return [(c.title, c.id) for c in profile.categories]
    if kind == "enum":
        return [v.value for v in profile.fields[key].values]
    # a names field: the canonical values its entries use, through the vocabulary
    from .values import vocabularies

    vocab = vocabularies(profile)[profile.fields[key].vocabulary or ""]
    found: set[str] = set()
    for e in entries:
        for text in getattr(e, key, None) or []:
            found |= vocab.find(text)
    return sorted(found)


def build_app(keeper: Keeper) -> Any:
    """The whole UI as a ``gr.Blocks``; launching is separate."""
    import gradio as gr

    from .conversation import Conversation
    from .render import esc

    assistant = keeper.assistant
    profile = assistant.profile
    side = sidebar_fields(profile)

    def respond(message: str, history: list[Any], conversation: Any, *args: Any) -> tuple[list[Any], str, Any]:
        message = message if isinstance(message, str) else ""
        *choices, y_from, y_to = args
        restrict = ui_filters(profile, dict(zip(side, choices, strict=False)), y_from, y_to)
        if not isinstance(conversation, Conversation):
            conversation = assistant.replay(chat_history_questions(history))
        result = assistant.ask(message, conversation=conversation, restrict=restrict)
        history = [
            *(history or []),
            {"role": "user", "content": message},
            {"role": "assistant", "content": answer_markdown(result, assistant.profile)},
        ]
        return history, "", result.conversation

    def api_ask(question: str, history: list[str] | None = None) -> dict[str, Any]:
        """Answer one question (with earlier questions of the conversation) and return the answer object."""
        turns = [h for h in history if isinstance(h, str)] if isinstance(history, list) else []
        return assistant.ask(question if isinstance(question, str) else "", turns).to_dict()

    def rebuild() -> tuple[str, str, list[list[Any]], str]:
        result = keeper.rebuild()
        problems = "\n".join(f"- {esc(p)}" for p in result.problems)
        text = esc(result.message) + ("\n\n" + problems if problems else "")
        index = assistant.index
        return (
            keeper.status(),
            text,
            browse_rows(index.ids, index.entries, index.profile),
            timeline_svg(index.ids, index.entries, index.profile),
        )

    def show_record(table: Any, evt: gr.SelectData) -> str:
        try:
            row = evt.index[0] if isinstance(evt.index, (list, tuple)) else int(evt.index)
            rid = table.iloc[row, 0] if hasattr(table, "iloc") else table[row][0]
        except (IndexError, KeyError, TypeError, ValueError):
            return ""
        index = assistant.index
        if rid not in index.ids:
            return ""
        entry = index.entries[index.ids.index(rid)]
        return record_card({"id": rid, "score": 1.0, **entry.model_dump(mode="json", exclude_none=True)}, index.profile)

    show_record.__annotations__["evt"] = gr.SelectData  # resolved for Gradio despite postponed annotations
    index = assistant.index
    date_key = profile.date_field
    years = sorted({str(getattr(e, date_key))[:4] for e in index.entries if date_key and getattr(e, date_key, None)})
    examples = list(profile.examples)
    with gr.Blocks(title="reviewqa", analytics_enabled=False) as demo:
        gr.Markdown(
            f"## reviewqa — {esc(profile.title)}\nAnswers come from the structured entries of the review, "
            "with the records and sources behind them. Everything runs on this machine."
        )
        conversation = gr.State(None)
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"), gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(
                        label="Chat",
                        height=520,
                        elem_id="chat",
                        sanitize_html=True,
                        feedback_options=None,
                        placeholder="Ask about the review.",
                    )
                    with gr.Row():
                        box = gr.Textbox(
                            placeholder=f"e.g. {examples[0]}" if examples else "Ask a question",
                            show_label=False,
                            scale=5,
                            elem_id="question",
                            max_length=2000,
                            autofocus=True,
                        )
                        send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-button")
                        clear = gr.Button("Clear", scale=1, elem_id="clear-button")
                    if examples:
                        gr.Examples(examples, inputs=box, label="Try")
                with gr.Column(scale=1):
                    gr.Markdown("### Narrow the search")
                    components: list[Any] = []
                    for key, kind in side.items():
                        choices = _sidebar_choices(profile, key, kind, index.entries)
                        elem = f"filter-{key.replace('_', '-')}"
                        if kind == "names":
                            components.append(
                                gr.Dropdown(choices, multiselect=True, label=profile.label(key), elem_id=elem)
                            )
                        else:
                            components.append(gr.CheckboxGroup(choices, label=profile.label(key), elem_id=elem))
                    with gr.Row():
                        y_from = gr.Dropdown(["any", *years], value="any", label="From year")
                        y_to = gr.Dropdown(["any", *years], value="any", label="To year")
                    gr.Markdown("### Index")
                    status = gr.Markdown(keeper.status(), elem_classes="reviewqa-status", elem_id="index-status")
                    rebuild_btn = gr.Button("Rebuild index", elem_id="rebuild-button")
                    rebuild_log = gr.Markdown(elem_id="rebuild-log")
            with gr.Tab("Browse", id="browse"):
                table = gr.Dataframe(
                    browse_rows(index.ids, index.entries, profile),
                    headers=browse_headers(profile),
                    interactive=False,
                    show_search="search",
                    wrap=True,
                    elem_id="browse-table",
                )
                record_view = gr.Markdown(elem_id="browse-record")
            with gr.Tab("Timeline", id="timeline"):
                timeline = gr.HTML(timeline_svg(index.ids, index.entries, profile), elem_id="timeline")
        inputs = [box, chatbot, conversation, *components, y_from, y_to]
        outputs = [chatbot, box, conversation]
        send.click(respond, inputs, outputs, api_visibility="private")
        box.submit(respond, inputs, outputs, api_visibility="private")
        clear.click(lambda: ([], "", None), None, outputs, api_visibility="private")
        rebuild_btn.click(rebuild, None, [status, rebuild_log, table, timeline], api_name="rebuild")
        table.select(show_record, [table], record_view, api_visibility="private")
        gr.api(api_ask, api_name="ask")
    return demo


def theme() -> Any:
    import gradio as gr

    system = ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Arial", "sans-serif"]
    mono = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
    return gr.themes.Default(font=system, font_mono=mono)


def prepare(corpus_dir: Path, index_dir: Path, model: str | None, embedder: Embedder | None = None) -> Keeper:
    """Open the review (building or updating its index); a bad corpus keeps an existing index serving."""
    from .live import RebuildResult
    from .service import open_review

    opened = open_review(corpus_dir, index_dir, model, embedder=embedder)
    keeper = Keeper(opened.assistant, corpus_dir, index_dir)
    if opened.problems:
        keeper.last = RebuildResult(False, "The corpus has problems; serving the last good index.", opened.problems)
    return keeper


def serve(
    keeper: Keeper, *, host: str = "127.0.0.1", port: int = 7860, block: bool = True, quiet: bool | None = None
) -> Any:
    """Launch the app for ``keeper``; with ``block=False`` return the running ``gr.Blocks`` (call ``.close()``).
    ``quiet`` (default: not ``block``) leaves out Gradio's start-up lines."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    demo = build_app(keeper)
    demo.queue(default_concurrency_limit=8)
    demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        theme=theme(),
        css=CSS,
        show_error=False,
        prevent_thread_lock=not block,
        quiet=(not block) if quiet is None else quiet,
        footer_links=[],
        ssr_mode=False,
    )
    return demo


def launch(
    *,
    corpus_dir: Path,
    index_dir: Path,
    model: str | None = None,
    host: str = "127.0.0.1",
    port: int = 7860,
    watch: bool = True,
    block: bool = True,
) -> Any:
    """Prepare the index and serve the chat; ``watch`` rebuilds when files in the corpus folder change."""
    keeper = prepare(corpus_dir, index_dir, model)
    if watch:
        keeper.watch()
    demo = serve(keeper, host=host, port=port, block=False, quiet=not block)
    keeper.warm_up()  # once the page is served: the model loads while the reader types
    if block:
        demo.block_thread()
    return demo
