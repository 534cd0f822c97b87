"""The Gradio app: a real server on 127.0.0.1 queried through gradio_client, and its pure rendering functions."""

from __future__ import annotations

import json
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from reviewqa.app import AskArguments, api_refusal, chat_history_questions, pad_api_call, ui_filters

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory, embedder):
    """The app over a writable corpus copy, served on a free local port for the whole session."""
    import shutil

    from reviewqa.app import prepare, serve

    from .conftest import CORPUS, PROFILE

    root = tmp_path_factory.mktemp("app")
    shutil.copytree(CORPUS, root / "corpus")
    shutil.copy(PROFILE, root / "review.yaml")
    keeper = prepare(root / "corpus", root / "index", None, embedder)
    port = free_port()
    demo = serve(keeper, port=port, block=False)
    yield {"url": f"http://127.0.0.1:{port}/", "keeper": keeper, "root": root}
    demo.close()


@pytest.fixture(scope="session")
def client(server):
    from gradio_client import Client

    return Client(server["url"], verbose=False)


@pytest.mark.parametrize(
    ("question", "top", "value"),
    [
        ("What base model was Alpaca fine-tuned from?", "alpaca", "LLaMA 7B"),
        ("How big is Chinchilla?", "chinchilla", "70B"),
        ("What license does LIMA use?", "lima", "CC BY-NC-SA"),
        ("How much data did Self-Instruct generate?", "self-instruct", "82K"),
        ("What sizes was LLaMA released in?", "llama", "33B"),
        ("How many parameters does PaLM have?", "palm", "540B"),
        ("What is the scale of GPT-3?", "gpt-3", "175B"),
    ],
)
def test_api_answers_each_seed_entry(client, question, top, value):
    result = client.predict(question, [], api_name="/ask")
    assert result["records"][0]["id"] == top and value in result["answer"]


def test_api_follow_up_and_decline(client):
    result = client.predict("What base model did it use?", ["Tell me about Vicuna"], api_name="/ask")
    assert result["records"][0]["id"] == "vicuna" and "LLaMA" in result["answer"]
    result = client.predict("What's the weather like in Paris today?", [], api_name="/ask")
    assert result["abstained"] is True and result["records"] == []


@settings(max_examples=300, deadline=None)
@given(data=st.lists(JSON, max_size=3))
def test_api_arguments_are_padded_to_the_arity_and_then_taken_or_refused_with_a_message(data):
    padded = json.loads(pad_api_call(json.dumps({"data": data, "session_hash": "x"}).encode(), 2))
    assert padded["session_hash"] == "x" and padded["data"][: len(data)] == data and len(padded["data"]) >= 2
    question, history = padded["data"][:2]
    fits = isinstance(question, str) and (
        history is None or (isinstance(history, list) and all(isinstance(h, str) for h in history))
    )
    try:
        arguments = AskArguments.model_validate({"question": question, "history": history})
    except ValidationError as error:
        message = api_refusal(error)
        assert not fits and "/ask takes a question" in message and ("question" in message or "history" in message)
    else:
        assert fits and arguments.question == question


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b'{"data": 5}', b'{"data": ["a", [], "b"]}'])
def test_bodies_that_are_not_short_positional_calls_pass_unchanged(body):
    assert pad_api_call(body, 2) == body


@pytest.mark.parametrize(
    ("data", "reply"),
    [
        (["Tell me about Alpaca"], "Alpaca"),  # history left out: it is optional
        ([], "question: Input should be a valid string"),
        ([5], "question: Input should be a valid string"),
        (["Tell me about Alpaca", 5], "history: Input should be a valid list"),
        (["Tell me about Alpaca", ["and Vicuna?", 3]], "history.1: Input should be a valid string"),
        ([["a"], []], "question: Input should be a valid string"),
    ],
)
def test_the_api_answers_or_refuses_odd_arguments_with_a_message(server, data, reply):
    import httpx

    call = f"{server['url']}gradio_api/call/ask"
    event_id = httpx.post(call, json={"data": data}, timeout=30).json()["event_id"]
    events = httpx.get(f"{call}/{event_id}", timeout=60).text
    kind, payload = (line.split(": ", 1)[1] for line in events.strip().splitlines()[:2])
    if kind == "complete":
        assert reply in json.loads(payload)[0]["answer"]
    else:
        assert kind == "error" and reply in json.loads(payload)["error"]


def test_server_binds_loopback_only(server):
    assert server["url"].startswith("http://127.0.0.1:")


def test_history_questions_from_gradio_messages():
    history = [
        {"role": "user", "content": "Tell me about Vicuna"},
        {"role": "assistant", "content": "Vicuna is ..."},
        {"role": "user", "content": [{"type": "text", "text": "and Koala?"}]},
    ]
    assert chat_history_questions(history) == ["Tell me about Vicuna", "and Koala?"]


def test_sidebar_filters(assistant):
    filters = ui_filters(assistant.profile, {"category": ["base-model"]}, "2023", "any")
    entries = {r["id"] for r in assistant.ask("released in 2023", restrict=filters).records}
    assert entries and entries <= {"llama", "llama-2", "mistral-7b", "falcon", "pythia", "mpt-7b"}


def test_the_start_up_page_answers_at_once_then_lets_the_port_go():
    import urllib.error
    import urllib.request

    from reviewqa.waiting import waiting_page

    port = free_port()
    waiting = waiting_page("127.0.0.1", port)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200 and b"reviewqa is starting" in response.read()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/config", timeout=5)
        assert refused.value.code == 503  # the page reloads only once the app answers this
    finally:
        waiting.close()
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the app's server binds
        sock.bind(("127.0.0.1", port))  # free for the app
    assert waiting_page("127.0.0.1", port).close() is None  # a second close, or none to close, is harmless


@pytest.mark.parametrize(
    "path",
    [
        "gradio_api/file=https://example.com/leak.png",
        "gradio_api/file=http://93.184.215.14/",
        "gradio_api/file=HTTP://EXAMPLE.COM/x.png",
        "gradio_api/file=//example.com/x.png",
        "gradio_api/file=https%3A%2F%2Fexample.com%2Fx.png",
        "gradio_api/file=https%253A%252F%252Fexample.com%252Fx.png",
        "file=https://example.com/x.png",
        "gradio_api/proxy=https://example.com/x.png",
    ],
)
def test_the_server_never_fetches_another_host_on_request(server, path, monkeypatch):
    # Connection attempts and name lookups of this process (the server runs in it) are recorded and refused, so the
    # test itself never reaches another host: the page's own requests to 127.0.0.1 go through.
    import urllib.error
    import urllib.request

    attempts: list[object] = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            attempts.append(("lookup", host))
            raise socket.gaierror("refused by the test")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self, address):
        if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1"):
            attempts.append(("connect", address))
            raise ConnectionRefusedError("refused by the test")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server["url"] + path, timeout=10)
    assert refused.value.code == 403 and attempts == []
    assert urllib.request.urlopen(server["url"], timeout=10).status == 200  # the page itself is served
