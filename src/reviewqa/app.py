"""The Gradio web chat: an adapter over ``Assistant.ask``; ``build_app`` makes the UI, ``launch`` serves it.

Offline and private by default: binds 127.0.0.1, no share link, analytics off, system fonts only (the default theme's
web fonts would be fetched from another host). Turning answers into the chat's HTML is ``render.py``'s job, the Browse
grid and the timeline are ``browse.py``'s, and the page's style sheet and script are files in ``static/``; what the
chat shows is exactly what ``ask`` returns.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel, ConfigDict, ValidationError

from .browse import cards_html, grid_html, plotted_html, timeline_figure, timeline_panels
from .embed import Embedder
from .live import Keeper
from .profile import Profile
from .query import And, Atom, Cond
from .render import answer_html, esc

__all__ = [
    "ApiArguments",
    "AskArguments",
    "NoRemoteFetch",
    "api_refusal",
    "app_kwargs",
    "build_app",
    "chat_history_questions",
    "fetches_elsewhere",
    "launch",
    "pad_api_call",
    "serve",
    "ui_filters",
]

STATIC = Path(__file__).resolve().parent / "static"


def fetches_elsewhere(path: str) -> bool:
    """Whether a request path would make Gradio fetch another host: its file route given an address ("/file=https://
    …", "/file=//host/…", however percent-encoded), or its proxy route."""
    for _ in range(3):  # (encoded once, twice …)
        path = unquote(path)
    low = path.lower()
    if "/proxy=" in low:
        return True
    at = low.find("/file=")
    if at < 0:
        return False
    target = low[at + len("/file=") :].strip()
    return "://" in target or target.startswith(("//", "\\\\", "http:", "https:", "ftp:", "file:"))


class NoRemoteFetch:
    """ASGI middleware in front of the whole app: a request that would make the server open a connection to another
    host is refused (403) before Gradio sees it, so no page the user visits can make it fetch anything (see
    ``fetches_elsewhere``)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and fetches_elsewhere(str(scope.get("path", ""))):
            from starlette.responses import PlainTextResponse

            refusal = PlainTextResponse("This server fetches nothing from other hosts.", status_code=403)
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)


class AskArguments(BaseModel):
    """The arguments of the ``/ask`` API, in their order: the question, then the earlier questions of its
    conversation (optional)."""

    model_config = ConfigDict(strict=True, extra="forbid")
    question: str
    history: list[str] | None = None


def api_refusal(error: ValidationError, endpoint: str = "/ask") -> str:
    """A ``ValidationError`` of API arguments as one sentence a caller can act on."""
    wrong = "; ".join(
        f"{'.'.join(str(part) for part in problem['loc']) or 'arguments'}: {problem['msg']}"
        for problem in error.errors(include_url=False)
    )
    return (
        f"{endpoint} takes a question (text) and, optionally, a history (a list of earlier questions, each text); "
        f"not accepted: {wrong}."
    )


API_ARITIES: dict[str, int] = {"ask": len(AskArguments.model_fields)}
MAX_API_BODY = 1_000_000
_API_CALL = re.compile(r"^/gradio_api/(?:call|run|api)/([A-Za-z0-9_]+)/?$")


def pad_api_call(body: bytes, arity: int) -> bytes:
    """A positional API call's JSON body with the arguments it leaves out given as null (their default): Gradio
    refuses a short call with an error that carries no message. Any other body is returned unchanged for Gradio's
    own checks."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return body
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, list) or len(data) >= arity:
        return body
    return json.dumps({**payload, "data": [*data, *[None] * (arity - len(data))]}).encode()


class ApiArguments:
    """ASGI middleware: a positional call of one of the app's named APIs (``/gradio_api/call/ask`` and the like)
    that leaves out trailing arguments gets them as null, so the API's own validation answers it (see
    ``pad_api_call``); a body over ``MAX_API_BODY`` bytes is refused with 413."""

    def __init__(self, app: Any, arities: Mapping[str, int]) -> None:
        self.app = app
        self.arities = dict(arities)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        match = _API_CALL.match(str(scope.get("path", ""))) if scope.get("type") == "http" else None
        if match is None or scope.get("method") != "POST" or match.group(1) not in self.arities:
            await self.app(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_API_BODY:
                from starlette.responses import PlainTextResponse

                too_big = PlainTextResponse(f"A call takes at most {MAX_API_BODY:,} bytes.", status_code=413)
                await too_big(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        body = pad_api_call(body, self.arities[match.group(1)])
        given = False

        async def replay() -> Any:
            nonlocal given
            if given:
                return await receive()
            given = True
            return {"type": "http.request", "body": body, "more_body": False}

        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await self.app({**scope, "headers": headers}, replay, send)


def app_kwargs() -> dict[str, Any]:
    """What the FastAPI app under Gradio is made with: ``NoRemoteFetch`` in front of everything, then
    ``ApiArguments``."""
    from starlette.middleware import Middleware

    return {"middleware": [Middleware(NoRemoteFetch), Middleware(ApiArguments, arities=API_ARITIES)]}


def static(name: str) -> str:
    """The text of one of the page's own files (its style sheet and scripts), shipped inside the package."""
    return (STATIC / name).read_text(encoding="utf-8")


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


def _years(profile: Profile, entries: Sequence[Any]) -> list[str]:
    """The years of the entries' dates, for the year filters."""
    key = profile.date_field
    return sorted({str(getattr(e, key))[:4] for e in entries if key and getattr(e, key, None)})


FOLLOW_SECONDS = 3.0  # how often an open page asks whether the index changed (an answer of a few bytes)


def build_app(keeper: Keeper) -> Any:
    """The whole UI as a ``gr.Blocks``; launching is separate. Browse, the timeline and the cards are filled when the
    page loads, so the page is served before they are drawn."""
    import gradio as gr

    from .conversation import Conversation

    assistant = keeper.assistant
    profile = assistant.profile
    side = sidebar_fields(profile)

    def respond(
        message: str, history: list[Any], conversation: Any, *args: Any
    ) -> tuple[list[Any], str, Any, list[str], Any]:
        message = message if isinstance(message, str) else ""
        *choices, y_from, y_to = args
        restrict = ui_filters(profile, dict(zip(side, choices, strict=False)), y_from, y_to)
        if not isinstance(conversation, Conversation):
            conversation = assistant.replay(chat_history_questions(history))
        result = assistant.ask(message, conversation=conversation, restrict=restrict)
        history = [
            *(history or []),
            {"role": "user", "content": message},
            {"role": "assistant", "content": answer_html(result, assistant.profile)},
        ]
        ids = [r["id"] for r in result.records]
        listed = result.kind in ("list", "count", "rank", "tally") and len(ids) > 1
        button = gr.update(visible=listed, value=f"Show all {len(ids)} in Browse")
        return history, "", result.conversation, ids if listed else [], button

    def api_ask(question: str, history: list[str] | None = None) -> dict[str, Any]:
        """Answer one question (with earlier questions of the conversation) and return the answer object; arguments
        of other types are refused with a message saying what the API takes."""
        try:
            arguments = AskArguments.model_validate({"question": question, "history": history})
        except ValidationError as error:
            raise gr.Error(api_refusal(error), print_exception=False) from None
        return assistant.ask(arguments.question, arguments.history or []).to_dict()

    def views(only: Sequence[str] = ()) -> tuple[str, str, Any, str]:
        index = assistant.index
        panels = timeline_panels(index.ids, index.entries, index.profile)
        return (
            grid_html(index.ids, index.entries, index.profile, only),
            cards_html(index.ids, index.entries, index.profile),
            timeline_figure(panels, index.profile),
            plotted_html(panels),
        )

    def controls() -> list[Any]:
        """The status and the filters' choices for the index served now."""
        entries = assistant.index.entries
        choices = [gr.update(choices=_sidebar_choices(profile, key, kind, entries)) for key, kind in side.items()]
        years = ["any", *_years(profile, entries)]
        return [keeper.status(), *choices, gr.update(choices=years), gr.update(choices=years)]

    def everything() -> list[Any]:
        """The keeper's version and all the page shows of the index (the outputs ``[version, *refreshed]``)."""
        return [keeper.version, *controls(), *views()]

    def follow(seen: Any) -> list[Any]:
        """Everything the page shows of the index, again, when the keeper changed since ``seen`` (a rebuild by the
        watcher, another tab or the button); otherwise nothing is sent."""
        return [gr.skip()] * (1 + len(refreshed)) if seen == keeper.version else everything()

    def loaded(seen: Any) -> list[Any]:
        """A page opened: its views are drawn, and the status and filters it was made with are brought up to date
        when the keeper changed since."""
        if seen == keeper.version:
            return [*[gr.skip()] * (1 + len(refreshed) - len(views_out)), *views()]
        return everything()

    def rebuild() -> list[Any]:
        result = keeper.rebuild()
        problems = "".join(f"<li>{esc(p)}</li>" for p in result.problems)
        text = f"<p>{esc(result.message)}</p>" + (f"<ul>{problems}</ul>" if problems else "")
        return [text, *everything()]

    def show_in_browse(ids: list[str]) -> tuple[Any, str]:
        index = assistant.index
        return gr.Tabs(selected="browse"), grid_html(index.ids, index.entries, index.profile, ids or ())

    index = assistant.index
    years = _years(profile, index.entries)
    examples = list(profile.examples)
    with gr.Blocks(title=f"reviewqa — {profile.title}", analytics_enabled=False) as demo:
        gr.HTML(
            f"<h1 class='rq-title'>reviewqa — {esc(profile.title)}</h1><p>Answers come from the structured entries "
            "of the review, with the records and sources behind them. Everything runs on this machine.</p>",
            js_on_load=None,
        )
        conversation = gr.State(None)
        last_ids = gr.State([])
        version = gr.State(keeper.version)  # what the page shows is of this version of the keeper
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat"), gr.Row(elem_id="chat-row"):
                with gr.Column(scale=3, min_width=300):
                    chatbot = gr.Chatbot(
                        label="Answers",
                        show_label=False,
                        height=560,
                        elem_id="chat",
                        sanitize_html=True,
                        feedback_options=None,
                        latex_delimiters=[],
                        autoscroll=False,
                        buttons=[],
                        layout="panel",
                        placeholder="Ask about the review.",
                    )
                    with gr.Row(elem_id="ask-row"):
                        box = gr.Textbox(
                            label="Question",
                            placeholder=f"e.g. {examples[0]}" if examples else "Ask a question",
                            show_label=False,
                            scale=5,
                            elem_id="question",
                            max_length=2000,
                            autofocus=True,
                            lines=1,
                            min_width=150,
                        )
                        send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-button", min_width=64)
                        clear = gr.Button("New chat", scale=1, elem_id="clear-button", min_width=64)
                    to_browse = gr.Button("Show all in Browse", visible=False, elem_id="show-in-browse", size="sm")
                    if examples:
                        gr.Examples(examples, inputs=box, label="Try")
                with gr.Column(scale=1, min_width=240, elem_id="filters-col"):
                    components: list[Any] = []
                    with gr.Accordion("Narrow the search", open=True, elem_id="filters-drawer"):
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
                            y_from = gr.Dropdown(["any", *years], value="any", label="From year", elem_id="year-from")
                            y_to = gr.Dropdown(["any", *years], value="any", label="To year", elem_id="year-to")
                    with gr.Accordion("Index", open=False, elem_id="index-drawer"):
                        status = gr.Markdown(keeper.status(), elem_classes="reviewqa-status", elem_id="index-status")
                        rebuild_btn = gr.Button("Rebuild index", elem_id="rebuild-button")
                        rebuild_log = gr.HTML(elem_id="rebuild-log", js_on_load=None)
            with gr.Tab("Browse", id="browse"):
                grid = gr.HTML("<p>Loading the entries…</p>", elem_id="browse-grid", js_on_load=None)
            with gr.Tab("Timeline", id="timeline"):
                gr.HTML(
                    "<p>Each point is an entry at its date, in one panel per unit; hover (or tap) for its name and "
                    "value, click to open its record. Names are written beside the points where they fit; the list "
                    "under the chart has every entry plotted.</p>",
                    js_on_load=None,
                )
                timeline = gr.Plot(label="Timeline", show_label=False, elem_id="timeline-plot")
                plotted = gr.HTML("", elem_id="timeline-list", js_on_load=None)
        cards = gr.HTML("", elem_id="card-templates", js_on_load=None)
        inputs = [box, chatbot, conversation, *components, y_from, y_to]
        outputs = [chatbot, box, conversation, last_ids, to_browse]
        for trigger in (send.click, box.submit):
            trigger(respond, inputs, outputs, api_visibility="private").then(
                None, None, None, js=static("scroll.js"), api_visibility="private"
            )
        clear.click(lambda: ([], "", None, [], gr.update(visible=False)), None, outputs, api_visibility="private")
        # the chat's own clear icon empties the messages; the conversation they built goes with them
        chatbot.clear(
            lambda: (None, [], gr.update(visible=False)),
            None,
            [conversation, last_ids, to_browse],
            api_visibility="private",
        )
        to_browse.click(show_in_browse, [last_ids], [tabs, grid], api_visibility="private")
        views_out = [grid, cards, timeline, plotted]
        refreshed = [status, *components, y_from, y_to, *views_out]
        rebuild_btn.click(rebuild, None, [rebuild_log, version, *refreshed], api_name="rebuild")
        demo.load(loaded, [version], [version, *refreshed], api_visibility="private", show_progress="hidden")
        gr.Timer(FOLLOW_SECONDS).tick(
            follow, [version], [version, *refreshed], api_visibility="private", show_progress="hidden", queue=False
        )
        gr.api(api_ask, api_name="ask")
    return demo


def theme() -> Any:
    import gradio as gr

    system = ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Arial", "sans-serif"]
    mono = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
    # Blue and grey shades chosen for contrast: text and controls reach 4.5:1 against their background (WCAG AA).
    base = gr.themes.Default(primary_hue="blue", neutral_hue="gray", font=system, font_mono=mono)
    return base.set(
        button_primary_background_fill="#1d4ed8",
        button_primary_background_fill_hover="#1e40af",
        button_primary_text_color="#ffffff",
        button_primary_border_color="#1d4ed8",
        button_secondary_background_fill="#f3f4f6",
        button_secondary_text_color="#111827",
        input_placeholder_color="#4b5563",
        block_label_text_color="#374151",
        block_title_text_color="#111827",
        body_text_color_subdued="#4b5563",
        color_accent="#1d4ed8",
        color_accent_soft="#dbeafe",
        link_text_color="#1d4ed8",
        link_text_color_visited="#5b21b6",
        checkbox_label_text_color="#111827",
    )


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
    keeper: Keeper,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    block: bool = True,
    quiet: bool | None = None,
    before_bind: Callable[[], None] | None = None,
) -> Any:
    """Launch the app for ``keeper``; with ``block=False`` return the running ``gr.Blocks`` (call ``.close()``).
    ``quiet`` (default: not ``block``) leaves out Gradio's start-up lines; ``before_bind`` runs once the app is built,
    just before it takes the port (the start-up page lets it go there)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    demo = build_app(keeper)
    if before_bind is not None:
        before_bind()
    demo.queue(default_concurrency_limit=8)
    demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        theme=theme(),
        css=static("page.css"),
        js=static("page.js"),
        show_error=False,
        prevent_thread_lock=not block,
        quiet=(not block) if quiet is None else quiet,
        footer_links=[],
        ssr_mode=False,
        app_kwargs=app_kwargs(),
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
    before_bind: Callable[[], None] | None = None,
) -> Any:
    """Prepare the index and serve the chat; ``watch`` rebuilds when files in the corpus folder change."""
    keeper = prepare(corpus_dir, index_dir, model)
    if watch:
        keeper.watch()
    demo = serve(keeper, host=host, port=port, block=False, quiet=not block, before_bind=before_bind)
    keeper.warm_up()  # once the page is served: the model loads while the reader types
    if block:
        demo.block_thread()
    return demo
