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

from .answer import Assistant
from .embed import Embedder
from .fields import format_size
from .live import Keeper
from .render import answer_markdown, record_card
from .schema import CATEGORY_TITLES, Category, CommercialUse, Entry
from .understand import Filter, year_of

__all__ = ["build_app", "chat_history_questions", "launch", "serve", "timeline_svg", "ui_filters"]

EXAMPLES = [
    "What base model was Alpaca fine-tuned from?",
    "Which works were fine-tuned from LLaMA?",
    "Compare LIMA and Alpaca",
    "Which datasets allow commercial use?",
    "the paper that fine-tuned on only a thousand curated examples",
    "What license is the Dolly data under?",
]
COLORS = {
    Category.base_model: "#1f77b4",
    Category.task_collection: "#2ca02c",
    Category.general_assistant: "#ff7f0e",
    Category.feedback_alignment: "#9467bd",
}
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


def ui_filters(
    categories: Sequence[str], organizations: Sequence[str], commercial: Sequence[str], year_from: Any, year_to: Any
) -> list[Filter]:
    """The sidebar's choices as filters narrowing what the chat searches."""
    out: list[Filter] = []
    if categories:
        chosen = {Category(c) for c in categories if c in Category._value2member_map_}
        out.append(Filter(f"category in {', '.join(sorted(c.value for c in chosen))}", lambda e: e.category in chosen))
    if organizations:
        orgs = set(organizations)
        out.append(
            Filter(f"organization in {', '.join(sorted(orgs))}", lambda e: any(o in orgs for o in e.organizations))
        )
    if commercial:
        allowed = {CommercialUse(c) for c in commercial if c in CommercialUse._value2member_map_}
        out.append(
            Filter(
                f"commercial use {'/'.join(sorted(c.value for c in allowed))}", lambda e: e.commercial_use in allowed
            )
        )
    lo = str(int(year_from)) if year_from not in (None, "", "any") else None
    hi = str(int(year_to)) if year_to not in (None, "", "any") else None
    if lo or hi:
        out.append(
            Filter(
                f"year {lo or '…'}–{hi or '…'}",
                lambda e: bool(year_of(e)) and (lo or "0000") <= year_of(e) <= (hi or "9999"),
            )
        )
    return out


def browse_rows(ids: Sequence[str], entries: Sequence[Entry]) -> list[list[Any]]:
    rows = []
    for rid, e in zip(ids, entries, strict=True):
        rows.append(
            [
                rid,
                e.name,
                e.category.value,
                e.date or "",
                ", ".join(e.organizations),
                ", ".join(e.base_models),
                ", ".join(format_size(s) for s in e.model_sizes_b),
                e.data_size.stated if e.data_size else "",
                e.commercial_use.value if e.commercial_use else "",
            ]
        )
    return rows


BROWSE_HEADERS = ["id", "name", "category", "date", "organizations", "base model", "sizes", "data", "commercial use"]


def timeline_svg(ids: Sequence[str], entries: Sequence[Entry], width: int = 900, height: int = 420) -> str:
    """Entries over time: date against data size (or parameters for base models), log scale, coloured by category.

    Self-contained SVG (no plotting library, nothing fetched); every label is escaped.
    """
    points = []
    for rid, e in zip(ids, entries, strict=True):
        if not e.date:
            continue
        year, month = int(e.date[:4]), int(e.date[5:7])
        if e.data_size and e.data_size.value:
            y, what = e.data_size.value, f"{e.data_size.stated} {e.data_size.unit.value if e.data_size.unit else ''}"
        elif e.model_sizes_b:
            y, what = max(e.model_sizes_b) * 1e9, f"{format_size(max(e.model_sizes_b))} parameters"
        else:
            continue
        points.append((year + (month - 1) / 12, math.log10(max(y, 1.0)), e, rid, what))
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
        label = html.escape(f"{e.name} ({e.date}): {what}")
        parts.append(
            f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="6" fill="{COLORS[e.category]}" '
            f'fill-opacity="0.8" data-id="{html.escape(rid)}"><title>{label}</title></circle>'
        )
        parts.append(f'<text x="{sx(x) + 8:.1f}" y="{sy(y) + 4:.1f}" font-size="10">{html.escape(e.name[:18])}</text>')
    legend_x = pad_l + 10
    for i, (cat, color) in enumerate(COLORS.items()):
        parts.append(
            f'<circle cx="{legend_x}" cy="{pad_t + 8 + i * 16}" r="5" fill="{color}"/>'
            f'<text x="{legend_x + 10}" y="{pad_t + 12 + i * 16}">{html.escape(CATEGORY_TITLES[cat])}</text>'
        )
    parts.append(
        f'<text x="{pad_l}" y="{height - 6}">date → ; vertical: amount of data (examples, tasks…) or, '
        "for base models, parameters (log scale)</text></svg>"
    )
    return "".join(parts)


def build_app(keeper: Keeper) -> Any:
    """The whole UI as a ``gr.Blocks``; launching is separate."""
    import gradio as gr

    assistant = keeper.assistant

    def all_orgs() -> list[str]:
        return sorted({o for e in assistant.index.entries for o in e.organizations})

    def respond(
        message: str,
        history: list[Any],
        cats: list[str],
        orgs: list[str],
        commercial: list[str],
        y_from: Any,
        y_to: Any,
    ) -> tuple[list[Any], str]:
        message = message if isinstance(message, str) else ""
        restrict = ui_filters(cats, orgs, commercial, y_from, y_to)
        result = assistant.ask(message, chat_history_questions(history), restrict=restrict)
        history = [
            *(history or []),
            {"role": "user", "content": message},
            {"role": "assistant", "content": answer_markdown(result)},
        ]
        return history, ""

    def api_ask(question: str, history: list[str] | None = None) -> dict[str, Any]:
        """Answer one question (with earlier questions of the conversation) and return the answer object."""
        turns = [h for h in (history or []) if isinstance(h, str)]
        return assistant.ask(question if isinstance(question, str) else "", turns).to_dict()

    def rebuild() -> tuple[str, str, list[list[Any]], str]:
        result = keeper.rebuild()
        problems = "\n".join(f"- `{p}`" for p in result.problems)
        text = result.message + ("\n\n" + problems if problems else "")
        index = assistant.index
        return keeper.status(), text, browse_rows(index.ids, index.entries), timeline_svg(index.ids, index.entries)

    def show_record(table: Any, evt: gr.SelectData) -> str:
        try:
            row = evt.index[0] if isinstance(evt.index, (list, tuple)) else int(evt.index)
            rid = table.iloc[row, 0] if hasattr(table, "iloc") else table[row][0]
        except (IndexError, KeyError, TypeError, ValueError):
            return ""
        index = assistant.index
        if rid not in index.ids:
            return ""
        i = index.ids.index(rid)
        return record_card({"id": rid, "score": 1.0, **index.entries[i].model_dump(mode="json", exclude_none=True)})

    show_record.__annotations__["evt"] = gr.SelectData  # resolved for Gradio despite postponed annotations
    index = assistant.index
    years = sorted({e.date[:4] for e in index.entries if e.date})
    with gr.Blocks(title="reviewqa", analytics_enabled=False) as demo:
        gr.Markdown(
            "## reviewqa — ask the review\nAnswers come from the structured entries of the review, "
            "with the records and sources behind them. Everything runs on this machine."
        )
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"), gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(
                        label="Chat",
                        height=520,
                        elem_id="chat",
                        sanitize_html=True,
                        feedback_options=None,
                        placeholder="Ask about a model, dataset or method.",
                    )
                    with gr.Row():
                        box = gr.Textbox(
                            placeholder="e.g. What base model did Vicuna use?",
                            show_label=False,
                            scale=5,
                            elem_id="question",
                            max_length=2000,
                            autofocus=True,
                        )
                        send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-button")
                        clear = gr.Button("Clear", scale=1, elem_id="clear-button")
                    gr.Examples(EXAMPLES, inputs=box, label="Try")
                with gr.Column(scale=1):
                    gr.Markdown("### Narrow the search")
                    cats = gr.CheckboxGroup(
                        [(CATEGORY_TITLES[c], c.value) for c in Category],
                        label="Category",
                        elem_id="filter-category",
                    )
                    orgs = gr.Dropdown(all_orgs(), multiselect=True, label="Organization", elem_id="filter-org")
                    commercial = gr.CheckboxGroup(
                        [c.value for c in CommercialUse], label="Commercial use", elem_id="filter-commercial"
                    )
                    with gr.Row():
                        y_from = gr.Dropdown(["any", *years], value="any", label="From year")
                        y_to = gr.Dropdown(["any", *years], value="any", label="To year")
                    gr.Markdown("### Index")
                    status = gr.Markdown(keeper.status(), elem_classes="reviewqa-status", elem_id="index-status")
                    rebuild_btn = gr.Button("Rebuild index", elem_id="rebuild-button")
                    rebuild_log = gr.Markdown(elem_id="rebuild-log")
            with gr.Tab("Browse", id="browse"):
                table = gr.Dataframe(
                    browse_rows(index.ids, index.entries),
                    headers=BROWSE_HEADERS,
                    interactive=False,
                    show_search="search",
                    wrap=True,
                    elem_id="browse-table",
                )
                record_view = gr.Markdown(elem_id="browse-record")
            with gr.Tab("Timeline", id="timeline"):
                timeline = gr.HTML(timeline_svg(index.ids, index.entries), elem_id="timeline")
        inputs = [box, chatbot, cats, orgs, commercial, y_from, y_to]
        send.click(respond, inputs, [chatbot, box], api_visibility="private")
        box.submit(respond, inputs, [chatbot, box], api_visibility="private")
        clear.click(lambda: ([], ""), None, [chatbot, box], api_visibility="private")
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
    """Load the model and the index, building it if missing or stale; a bad corpus keeps an existing index."""
    from .corpus import load_corpus
    from .embed import load_embedder
    from .errors import CorpusError
    from .index import build_index, load_index

    embedder = embedder or load_embedder(model)
    problems: list[str] = []
    try:
        build_index(load_corpus(corpus_dir), embedder, index_dir)
    except CorpusError as exc:
        problems = [str(p) for p in exc.problems]
    keeper = Keeper(Assistant(load_index(index_dir), embedder), corpus_dir, index_dir)
    if problems:
        from .live import RebuildResult

        keeper.last = RebuildResult(False, "The corpus has problems; serving the last good index.", problems)
    return keeper


def serve(keeper: Keeper, *, host: str = "127.0.0.1", port: int = 7860, block: bool = True) -> Any:
    """Launch the app for ``keeper``; with ``block=False`` return the running ``gr.Blocks`` (call ``.close()``)."""
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
        quiet=not block,
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
    return serve(keeper, host=host, port=port, block=block)


def main() -> None:
    """``python app.py``: the chat on http://127.0.0.1:7860 with the corpus and index of the current folder."""
    from .cli import serve

    serve.main(standalone_mode=True)
