"""The reviewqa command: help everywhere, JSON answers, and errors as plain lines with exit 1."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from reviewqa.cli import main

from .conftest import CORPUS


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    assert runner.invoke(main, ["--help"]).exit_code == 0
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help and len(command.help) > 20, name
        assert "reviewqa" in result.output and "Example" in result.output, name


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reviewqa.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-index")
    result = run("index", "--corpus", str(CORPUS), "--index", str(folder))
    assert result.returncode == 0, result.stderr
    assert f"added {len(list(CORPUS.glob('*.yaml')))}" in result.stdout
    return folder


def test_ask_json_alpaca_and_weather(cli_index):
    result = run(
        "ask",
        "--json",
        "--corpus",
        str(CORPUS),
        "--index",
        str(cli_index),
        "What base model was Alpaca fine-tuned from?",
        "What's the weather like in Paris today?",
    )
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["records"][0]["id"] == "alpaca" and "LLaMA 7B" in first["answer"]
    assert second["abstained"] is True and second["records"] == []


def test_ask_text_conversation(cli_index):
    result = run(
        "ask", "--corpus", str(CORPUS), "--index", str(cli_index), "Tell me about Vicuna", "What base model did it use?"
    )
    assert result.returncode == 0
    assert "Vicuna was fine-tuned from LLaMA" in result.stdout and "Sources:" in result.stdout


def test_empty_question_exits_zero(cli_index):
    result = run("ask", "--json", "--corpus", str(CORPUS), "--index", str(cli_index), "  ")
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["records"] == [] and "ask a question" in data["answer"].lower()


def test_bad_corpus_is_refused_with_one_line_per_problem(corpus_copy, tmp_path):
    (corpus_copy / "lima.yaml").write_text(
        (corpus_copy / "lima.yaml").read_text().replace("date: 2023-05", "date: May 2023"), encoding="utf-8"
    )
    (corpus_copy / "broken.yaml").write_text("name: [oops\n", encoding="utf-8")
    folder = tmp_path / "index"
    result = run("index", "--corpus", str(corpus_copy), "--index", str(folder))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith("corpus/lima.yaml:") and "date: expected a date as YYYY-MM" in line for line in lines)
    assert any(line.startswith("corpus/broken.yaml:") and "not valid YAML" in line for line in lines)
    assert not folder.exists() or not any(folder.iterdir())
    validate = run("validate", "--corpus", str(corpus_copy))
    assert validate.returncode == 1 and "lima.yaml" in validate.stderr


def test_new_writes_a_template_that_validate_flags(tmp_path):
    import shutil

    from .conftest import PROFILE

    shutil.copy(PROFILE, tmp_path / "review.yaml")
    folder = tmp_path / "corpus"
    runner = CliRunner()
    result = runner.invoke(main, ["new", "my-model", "--corpus", str(folder)])
    assert result.exit_code == 0 and (folder / "my-model.yaml").exists()
    assert runner.invoke(main, ["new", "my-model", "--corpus", str(folder)]).exit_code == 1
    assert runner.invoke(main, ["new", "Bad Id", "--corpus", str(folder)]).exit_code == 2
    assert runner.invoke(main, ["validate", "--corpus", str(folder)]).exit_code == 1


def test_a_corpus_without_a_profile_is_explained(tmp_path):
    (tmp_path / "corpus").mkdir()
    result = CliRunner().invoke(main, ["validate", "--corpus", str(tmp_path / "corpus")])
    assert result.exit_code == 1 and "no review profile" in result.output


def test_export_and_schema_commands(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--format", "csv", "--corpus", str(CORPUS)])
    assert result.exit_code == 0 and result.output.startswith("id,name,date")
    result = runner.invoke(main, ["schema", "--corpus", str(CORPUS)])
    assert json.loads(result.output)["title"].startswith("reviewqa entry")
    result = runner.invoke(main, ["schema", "--profile-schema"])
    assert json.loads(result.output)["title"] == "reviewqa review profile"


def test_eval_writes_results(cli_index, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        json.dumps(
            {
                "id": "q1",
                "turns": ["Tell me about Vicuna", "What base model did it use?"],
                "expect": {"top": "vicuna", "answer": ["LLaMA"]},
            }
        )
        + "\n"
        + json.dumps({"id": "q2", "turns": ["asdf"], "expect": {"abstain": True}})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = run("eval", str(cases), "--results", str(out), "--corpus", str(CORPUS), "--index", str(cli_index))
    assert result.returncode == 0, result.stderr
    assert "| hybrid | 1.000" in result.stdout and "| dense" in result.stdout and "| bm25" in result.stdout
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["id"] == "q1" and rows[0]["records"][0] == "vicuna" and "latency_ms" in rows[0]
    assert rows[1]["abstained"] is True


def test_malformed_eval_file_is_reported(cli_index, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"id": "q1", "turns": [], "expect": {}}\n', encoding="utf-8")
    result = run("eval", str(cases), "--corpus", str(CORPUS), "--index", str(cli_index))
    assert result.returncode == 1 and "cases.jsonl:1: turns" in result.stderr and "Traceback" not in result.stderr


def test_unreadable_review_and_eval_files_are_reported(tmp_path):
    binary = tmp_path / "bad.md"
    binary.write_bytes(b"\xff\xfe\x00 not text")
    from .conftest import PROFILE

    importing = ["import", str(binary), "--into", str(tmp_path / "out"), "--profile", str(PROFILE)]
    for args in (importing, ["eval", str(binary)]):
        result = run(*args)
        assert result.returncode == 1, args
        assert "UTF-8" in result.stderr and "Traceback" not in result.stderr, args
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    measure: data_size\n", "    measure: date\n", "is measured by 'date', which is not a number field"),
        ("    inherit: base_models\n", "    inherit: nowhere\n", "inherits from 'nowhere', which is not a reference"),
        (
            "      - name: dialogues\n",
            "      - name: dialogues\n        same_as: [threads]\n",
            "unit 'dialogues' is the same as 'threads', not a unit of it",
        ),
        ("    also_state: [license]\n", "    also_state: [licence]\n", "states 'licence' too, which is not a field"),
        ("    roles_of: teacher\n", "    roles_of: date\n", "tells the roles of 'date': it must be a text field"),
    ],
)
def test_a_profile_naming_the_wrong_field_to_measure_or_inherit_from_is_explained(corpus_copy, old, new, message):
    profile = corpus_copy.parent / "review.yaml"
    text = profile.read_text(encoding="utf-8")
    assert old in text
    profile.write_text(text.replace(old, new), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--corpus", str(corpus_copy)])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert "'title'" not in result.output  # the message, not the whole profile it was checked against


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--sizes", "5"], "'5' is not 'shipped' or a number of at least 15 entries"),
        (["--sizes", "ten"], "'ten' is not 'shipped' or a number"),
        (["--rebuilds", "shipped"], "'shipped' is not a number of at least 15 entries"),
        (["--lists", "-3"], "'-3' is not 'shipped' or a number"),
        (["--recall", "0"], "'0' is not a number of at least 1 entries"),
        (["--recall", "shipped"], "'shipped' is not a number of at least 1 entries"),
    ],
)
def test_bench_refuses_sizes_it_cannot_measure_before_starting(args, said):
    # (three entries are renamed one at a time at rows 0, 7 and 14, so a corpus must hold at least 15)
    result = CliRunner().invoke(main, ["bench", *args])
    assert result.exit_code == 2 and said in result.output
