"""It keeps working: any question, broken corpus files, concurrent clients, and faults on disk."""

from __future__ import annotations

import errno
import hashlib
import json
import statistics
import string
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewqa.corpus import load_corpus, validate
from reviewqa.embed import HashEmbedder, SentenceEmbedder
from reviewqa.errors import IndexStateError, ModelLoadError
from reviewqa.index import build_index, load_index

from .conftest import CORPUS, PROFILE
from .test_app import server  # noqa: F401

NASTY = st.sampled_from(
    [
        "",
        " ",
        "\n\n\t",
        "\x00\x01\x02",
        "?!?!...",
        "<script>alert(1)</script>",
        "' OR 1=1; DROP TABLE entries; --",
        ".*+?[](){}|^$\\",
        "(((((((((",
        "a" * 100_000,
        "🦙" * 500,
        "\u202e\u200b\ufeff",
        "ＬＬａＭＡ",
        "what about it?",
        "and",
        "compare",
        "which works",
        "how many",
        "released in 9999",
        "over 1e400 parameters",
        "fewer than 0 examples",
        "from from from",
        "llama " * 300,
        "Ṫëḷḷ ṁë ȧḃöüẗ Ȧḷṗȧċȧ",
    ]
)
QUESTIONS = st.one_of(NASTY, st.text(max_size=300), st.text(alphabet=string.punctuation + " ", max_size=80))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=QUESTIONS, history=st.lists(QUESTIONS, max_size=3))
def test_any_question_gets_an_answer_or_a_refusal(assistant, question, history):
    started = time.perf_counter()
    answer = assistant.ask(question, history)
    assert time.perf_counter() - started < 10  # a guard against hangs, not a speed target
    data = answer.to_dict()
    assert isinstance(data["answer"], str) and data["answer"].strip()
    assert data["abstained"] in (True, False)
    assert all({"id", "name", "score"} <= set(r) for r in data["records"])
    json.dumps(data)  # always serialisable for the CLI and the API


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
FIELD_NAMES = st.sampled_from(
    [
        "name",
        "category",
        "date",
        "organizations",
        "aliases",
        "summary",
        "paper",
        "links",
        "base_models",
        "model_sizes_b",
        "training_tokens",
        "data_sources",
        "data_origin",
        "teacher",
        "data_size",
        "license",
        "commercial_use",
        "preference_method",
        "sources",
        "notes",
        "extra",
        "nmae",
        "id",
    ]
)


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(FIELD_NAMES, YAML_VALUES, max_size=8))
def test_validation_never_crashes_on_random_entries(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        return
    (folder / "fuzzed.yaml").write_text(text, encoding="utf-8")
    for problem in validate(folder, PROFILE):
        assert problem.file.endswith("fuzzed.yaml") and problem.message
        assert problem.field or problem.line or "mapping" in problem.message


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=400))
def test_validation_never_crashes_on_random_bytes(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("bytes")
    (folder / "noise.yaml").write_bytes(raw)
    problems = validate(folder, PROFILE)
    assert all(p.file.endswith("noise.yaml") for p in problems)


def test_sixteen_concurrent_chats_get_their_own_answers(server):  # noqa: F811
    from gradio_client import Client

    subjects = [
        "alpaca",
        "vicuna",
        "koala",
        "lima",
        "dolly",
        "guanaco",
        "wizardlm",
        "orca",
        "baize",
        "tulu",
        "gpt4all",
        "humpback",
        "dromedary",
        "sail",
        "stackllama",
        "ultrachat",
    ]
    corpus = load_corpus(CORPUS).by_id()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def chat(subject: str) -> None:
        client = Client(server["url"], verbose=False)
        name = corpus[subject].entry.name
        expected_base = corpus[subject].entry.base_models[0].split()[0]
        for turn in range(20):
            history = [f"Tell me about {name}"]
            question = ["What base model did it use?", "and its license?"][turn % 2]
            if turn % 2:
                history.append("What base model did it use?")
            t = time.perf_counter()
            try:
                result = client.predict(question, history, api_name="/ask")
            except Exception as exc:  # collected and reported below
                with lock:
                    errors.append(f"{subject}: {exc!r}")
                continue
            with lock:
                latencies.append((time.perf_counter() - t) * 1000)
            if not result["records"] or result["records"][0]["id"] != subject:
                with lock:
                    errors.append(f"{subject}: got {[r['id'] for r in result['records']]}")
            elif turn % 2 == 0 and expected_base not in result["answer"]:
                with lock:
                    errors.append(f"{subject}: {result['answer']}")

    threads = [threading.Thread(target=chat, args=(s,)) for s in subjects]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert errors == []
    assert len(latencies) == 320
    p95 = sorted(latencies)[int(0.95 * (len(latencies) - 1))]
    report = {"clients": 16, "questions": len(latencies), "p50_ms": statistics.median(latencies), "p95_ms": p95}
    out = Path(__file__).resolve().parents[1] / "artifacts"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"\nload: {report}")


def test_missing_model_folder_says_what_to_do(tmp_path):
    with pytest.raises(ModelLoadError, match="does not exist"):
        SentenceEmbedder(str(tmp_path / "no-model"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reviewqa.cli",
            "ask",
            "--model",
            str(tmp_path / "no-model"),
            "--index",
            str(tmp_path / "i"),
            "hello",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_unwritable_index_folder_is_reported(corpus_copy, tmp_path, monkeypatch):
    from reviewqa import index as index_module

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(index_module.Path, "mkdir", refuse)
    with pytest.raises(IndexStateError, match="cannot write the index folder"):
        build_index(load_corpus(corpus_copy), HashEmbedder(), tmp_path / "index")


def test_disk_full_keeps_the_previous_index(corpus_copy, tmp_path, monkeypatch):
    folder = tmp_path / "index"
    build_index(load_corpus(corpus_copy), HashEmbedder(), folder)
    before = load_index(folder).ids
    (corpus_copy / "koala.yaml").unlink()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(np, "save", full)
    with pytest.raises(IndexStateError, match="previous index is unchanged"):
        build_index(load_corpus(corpus_copy), HashEmbedder(), folder)
    monkeypatch.undo()
    assert load_index(folder).ids == before
    assert not [p for p in (folder / "builds").iterdir() if p.name.startswith(".tmp-")]


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_nothing_writes_to_the_corpus(corpus_copy, tmp_path, embedder):
    from reviewqa.answer import Assistant
    from reviewqa.live import Keeper

    before = digest(corpus_copy)
    build_index(load_corpus(corpus_copy), embedder, tmp_path / "index")
    keeper = Keeper(Assistant(load_index(tmp_path / "index"), embedder), corpus_copy, tmp_path / "index")
    keeper.rebuild(full=True)
    keeper.assistant.ask("Which works were fine-tuned from LLaMA?")
    keeper.status()
    assert digest(corpus_copy) == before


def test_a_long_history_replays_only_its_last_turns_and_keeps_their_subject(fake_assistant, monkeypatch):
    from reviewqa.answer import MAX_HISTORY_TURNS

    asked: list[str] = []
    real = fake_assistant._ask

    def counting(state, question, *args, **kwargs):
        asked.append(question)
        return real(state, question, *args, **kwargs)

    monkeypatch.setattr(fake_assistant, "_ask", counting)
    history = ["What is the weather like?"] * 500 + ["Tell me about Vicuna"]
    answer = fake_assistant.ask("What base model did it use?", history)
    assert len(asked) == MAX_HISTORY_TURNS + 1  # the last turns of the history, then the question
    assert answer.records and answer.records[0]["id"] == "vicuna"


def test_a_question_past_its_time_budget_is_given_up_while_it_is_read(fake_assistant, monkeypatch):
    import reviewqa.answer as answer_module
    from reviewqa.budget import OutOfTime, check, within
    from reviewqa.execute import Executor

    with within(60.0):
        check()  # a budget not spent: nothing happens
    with within(60.0), within(-1.0), pytest.raises(OutOfTime):
        check()  # an inner budget cannot outlast an outer one, and a spent one raises
    check()  # outside any budget: nothing happens

    def never(*args, **kwargs):
        raise AssertionError("a question out of time was still run")

    monkeypatch.setattr(Executor, "run", never)
    monkeypatch.setattr(answer_module, "QUESTION_SECONDS", -1.0)  # spent before reading starts
    question = "Which models from Meta and not from Google were fine-tuned on more than 50K examples before 2024? " * 5
    answer = fake_assistant.ask(question, ["Tell me about Vicuna"])
    assert answer.kind == "gave-up" and answer.abstained and "gave up" in answer.answer and not answer.records
    monkeypatch.undo()
    assert fake_assistant.ask("Tell me about Vicuna").kind != "gave-up"


def test_the_generated_questions_of_the_benchmark_are_the_same_each_run_and_at_most_the_cap():
    from reviewqa.answer import MAX_QUESTION_CHARS
    from reviewqa.bench import hostile_questions

    corpus = load_corpus(CORPUS, PROFILE)
    first = hostile_questions(corpus, 300)
    assert first == hostile_questions(corpus, 300) and len(first) == 300
    assert max(len(q) for q in first) == MAX_QUESTION_CHARS and sum(len(q) > 1000 for q in first) >= 20
    assert any(corpus.records[0].entry.name.split()[0] in q for q in first)  # the review's own words


def test_every_test_the_readme_names_for_a_promise_exists():
    import ast
    import re

    from .conftest import ROOT

    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## What is guaranteed", 1)[1].split("\n## ", 1)[0]
    named: list[tuple[str, str]] = []
    current = ""
    for module, test in re.findall(r"`(?:(test_\w+)\.py)?::(test_\w+)`", section):
        current = module or current  # "`::test_x`" names a test of the module named last
        named.append((current, test))
    assert len(named) >= 30  # every promise names its tests
    for module, test in named:
        tree = ast.parse((ROOT / "tests" / f"{module}.py").read_text(encoding="utf-8"))
        assert test in {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}, (module, test)
