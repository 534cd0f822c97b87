"""The Gradio app: a real server on 127.0.0.1 queried through gradio_client, and its pure rendering functions."""

from __future__ import annotations

import socket

import pytest

from reviewqa.app import chat_history_questions, ui_filters


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
