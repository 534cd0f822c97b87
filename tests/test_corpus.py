"""Validation of corpus files: the shipped corpus, and one clear message per kind of problem."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewqa.corpus import load_corpus as _load_corpus
from reviewqa.corpus import validate as _validate
from reviewqa.errors import CorpusError

from .conftest import CORPUS, PROFILE, SEED_IDS


def load_corpus(folder):
    return _load_corpus(folder, PROFILE)


def validate(folder):
    return _validate(folder, PROFILE)


REQUIRED_IDS = """gpt-3 palm chinchilla llama llama-2 mistral-7b falcon bloom opt pythia t5 gpt-j gpt-neox-20b mpt-7b
natural-instructions flan-2021 t0 super-natural-instructions flan-collection bloomz-mt0 unnatural-instructions
self-instruct alpaca lima dolly oasst1 vicuna koala baize gpt4all wizardlm orca ultrachat tulu guanaco alpaca-gpt4
dromedary humpback lamini-lm sail instructgpt hh-rlhf constitutional-ai dpo ultrafeedback zephyr stackllama""".split()

GOOD = """name: Test Model
category: base-model
date: 2024-01
sources:
  - url: https://example.org/paper
"""


def test_shipped_corpus_is_valid_and_complete():
    corpus = load_corpus(CORPUS)
    ids = {r.id for r in corpus.records}
    assert set(REQUIRED_IDS) <= ids
    assert len(ids) >= 47
    for record in corpus.records:
        entry = record.entry
        assert entry.sources, record.id
        if entry.paper:
            assert entry.sources[0].url == entry.paper.url or entry.sources[0].url.startswith("http"), record.id
        assert entry.summary and 2 <= entry.summary.count(". ") + 1 <= 6, record.id
    assert {r.entry.category for r in corpus.records} == set(corpus.profile.category_ids)


def test_seed_disagreement_follows_the_paper():
    llama = load_corpus(CORPUS).by_id()["llama"].entry
    assert llama.model_sizes_b == [7, 13, 33, 65]
    assert llama.notes and "33B" in llama.notes


def test_seed_entries_carry_the_seed_fields():
    corpus = load_corpus(CORPUS).by_id()
    for rid in SEED_IDS:
        entry = corpus[rid].entry
        assert entry.date and entry.organizations and entry.paper, rid
        if entry.category == "base-model":
            assert entry.model_sizes_b, rid
        else:
            assert entry.base_models and entry.data_sources and entry.data_size, rid


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def only_problem(folder: Path):
    problems = validate(folder)
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        (GOOD.replace("date: 2024-01", "date: January 2024"), 3, "date", "YYYY-MM"),
        (GOOD.replace("category: base-model", "category: base"), 2, "category", "expected one of"),
        (GOOD + "licence: MIT\n", 6, "licence", "unknown field"),
        (GOOD.replace("name: Test Model\n", ""), 1, "name", "required field is missing"),
        (GOOD + "model_sizes_b: [seven]\n", 6, "model_sizes_b[0]", "number"),
        (GOOD + "model_sizes_b: [-1]\n", 6, "model_sizes_b[0]", "greater than 0"),
        (GOOD + "model_sizes_b: [.inf]\n", 6, "model_sizes_b[0]", "finite"),
        (GOOD + "model_sizes_b: [1e999]\n", 6, "model_sizes_b[0]", "finite"),
        (GOOD + "model_sizes_b: ['inf']\n", 6, "model_sizes_b[0]", "finite"),
        (GOOD.replace("https://example.org/paper", "example.org"), 5, "sources[0].url", "http"),
        (GOOD + "name: Other\n", 6, "name", "twice"),
    ],
)
def test_schema_problems_name_file_line_and_field(tmp_path, text, line, field, words):
    write(tmp_path, "test-model.yaml", text)
    problem = only_problem(tmp_path)
    assert problem.file.endswith("test-model.yaml")
    assert problem.line == line
    assert problem.field == field
    assert words in problem.message
    assert f"test-model.yaml:{line}: {field}:" in str(problem)


def test_bad_yaml_reports_the_line(tmp_path):
    write(tmp_path, "broken.yaml", GOOD + "aliases: [unclosed\n")
    problem = only_problem(tmp_path)
    assert "not valid YAML" in problem.message and problem.line is not None and problem.line >= 6


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "empty"), (b"- a\n- b\n", "mapping"), (b"name: caf\xe9\n", "UTF-8"), (b"x" * 1_000_001, "at most")],
)
def test_unreadable_files(tmp_path, content, words):
    write(tmp_path, "odd.yaml", content)
    assert words in only_problem(tmp_path).message


def test_duplicate_ids_names_and_aliases(tmp_path):
    write(tmp_path, "one.yaml", GOOD + "aliases: [Shared Name]\n")
    write(tmp_path, "two.yaml", GOOD.replace("Test Model", "Second") + "aliases: [shared-name]\n")
    write(tmp_path, "one.yml", GOOD.replace("Test Model", "Third"))
    write(tmp_path, "four.yaml", GOOD.replace("Test Model", "Second"))
    messages = [str(p) for p in validate(tmp_path)]
    assert any("duplicate id 'one'" in m for m in messages)
    assert any("two.yaml:6: aliases[0]: alias 'shared-name' is also claimed by one" in m for m in messages)
    assert any("name 'Second' is also the name of" in m for m in messages)


def test_file_name_must_be_a_slug(tmp_path):
    write(tmp_path, "Bad Name.yaml", GOOD)
    assert "lowercase slug" in only_problem(tmp_path).message


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_symlink_out_of_the_folder(tmp_path):
    outside = write(tmp_path / "elsewhere", "secret.yaml", GOOD)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "link.yaml").symlink_to(outside)
    assert "outside the corpus folder" in only_problem(tmp_path / "corpus").message


def test_load_corpus_raises_with_every_problem(tmp_path):
    write(tmp_path, "a.yaml", GOOD.replace("date: 2024-01", "date: 2024"))
    write(tmp_path, "b.yaml", "name: [")
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path)
    assert len(info.value.problems) == 2


def test_yaml_no_is_read_as_commercial_use_no(tmp_path):
    write(tmp_path, "a.yaml", GOOD + "commercial_use: no\n")
    assert load_corpus(tmp_path).records[0].entry.commercial_use == "no"


def test_corpus_files_point_at_the_exported_schema():
    from reviewqa.profile import load_profile, profile_json_schema_text
    from reviewqa.schema import entry_json_schema_text

    schema_file = CORPUS.parent / "schema" / "entry.schema.json"
    expected = entry_json_schema_text(load_profile(PROFILE))
    assert schema_file.read_text(encoding="utf-8") == expected, f"run: reviewqa schema -o {schema_file}"
    profile_schema = CORPUS.parent / "schema" / "profile.schema.json"
    assert profile_schema.read_text(encoding="utf-8") == profile_json_schema_text(), (
        f"run: reviewqa schema --profile-schema -o {profile_schema}"
    )
    for path in CORPUS.glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema/"), path


def test_an_atomic_write_never_writes_through_a_link_at_its_temporary_name(tmp_path):
    from reviewqa.corpus import write_text_atomic

    victim = tmp_path / "outside.txt"
    victim.write_text("keep me\n")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / ".entry.yaml.tmp").symlink_to(victim)  # planted where the temporary file will be made
    write_text_atomic(folder / "entry.yaml", "name: Written\n")
    assert victim.read_text() == "keep me\n"
    assert (folder / "entry.yaml").read_text() == "name: Written\n" and not (folder / "entry.yaml").is_symlink()
    assert not (folder / ".entry.yaml.tmp").exists()


LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)

MANY_ALIASES = (
    "".join(f"k{i}: &a{i} v\n" for i in range(60)) + f"refs: [{', '.join(f'*a{i % 60}' for i in range(150))}]\n"
)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (LAUGHS, "more than 100,000 values once its aliases are expanded"),  # 9**9 values from 500 bytes
        ("x: &a [*a]\n", "contains itself"),
        ("x: " + "[" * 40 + "]" * 40 + "\n", "nested more than"),
        (MANY_ALIASES, "aliases"),
    ],
)
def test_yaml_that_would_expand_loop_or_nest_without_end_is_refused_quickly(tmp_path, text, words):
    write(tmp_path, "bomb.yaml", text)
    started = time.perf_counter()
    problem = only_problem(tmp_path)
    assert time.perf_counter() - started < 5  # a guard against hangs, not a speed target
    assert problem.file.endswith("bomb.yaml") and words in problem.message


# nodes that each refer to earlier anchors any number of times: trees, shared branches and exponential expansions
YAML_GRAPHS = st.lists(st.lists(st.integers(min_value=0, max_value=40), max_size=12), min_size=1, max_size=25)


@settings(max_examples=150, deadline=None)
@given(graph=YAML_GRAPHS, nest=st.integers(min_value=0, max_value=45))
def test_any_yaml_of_anchors_and_aliases_is_read_or_refused_with_a_line_quickly(tmp_path_factory, graph, nest):
    lines = []
    for i, refs in enumerate(graph):
        items = [f"*n{r % i}" for r in refs] if i else []
        lines.append(f"n{i}: &n{i} [{', '.join([*items, 'leaf'])}]")
    lines.append("deep: " + "[" * nest + "]" * nest)
    folder = tmp_path_factory.mktemp("graphs")
    write(folder, "graph.yaml", GOOD + "\n".join(lines) + "\n")
    started = time.perf_counter()
    problems = validate(folder)
    assert time.perf_counter() - started < 5
    assert problems and all(p.file.endswith("graph.yaml") and p.message for p in problems)


def _folder(path: Path) -> None:
    path.mkdir()


def _pipe(path: Path) -> None:
    os.mkfifo(path)


def _loop(path: Path) -> None:
    path.symlink_to(path)


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere.yaml")


def _link_to_folder(path: Path) -> None:
    (path.parent / "sub").mkdir()
    path.symlink_to(path.parent / "sub")


@pytest.mark.skipif(os.name == "nt", reason="pipes and symlinks")
@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_folder, "not a regular file"),
        (_pipe, "not a regular file"),
        (_loop, "leads nowhere"),
        (_dangling, "leads nowhere"),
        (_link_to_folder, "not a regular file"),
    ],
)
def test_an_entry_name_that_is_no_regular_file_is_a_problem_not_a_hang_or_a_traceback(tmp_path, make, words):
    write(tmp_path, "good.yaml", GOOD)
    make(tmp_path / "x.yaml")
    started = time.perf_counter()
    problem = only_problem(tmp_path)
    assert time.perf_counter() - started < 5
    assert problem.file.endswith("x.yaml") and words in problem.message
