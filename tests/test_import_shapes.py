"""Import of reviews in the shapes real awesome-lists take (fixtures written for the tests in our own words, in the
structures and decorations of public reviews): every entry found, none merged, every field placed or reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from reviewqa.cli import main
from reviewqa.corpus import load_corpus
from reviewqa.markdown import import_markdown
from reviewqa.profile import load_profile

from .conftest import PROFILE

SHAPES = Path(__file__).parent / "fixtures" / "import"


def imported(tmp_path: Path, name: str, update: bool = True):
    """Import fixture ``name`` with a copy of the shipped profile beside the corpus (added to when ``update``)."""
    shutil.copy(PROFILE, tmp_path / "review.yaml")
    profile = load_profile(tmp_path / "review.yaml")
    report = import_markdown(
        SHAPES / name, tmp_path / "corpus", profile, update_profile=(tmp_path / "review.yaml") if update else None
    )
    return report, tmp_path / "corpus"


def read(folder: Path, rid: str) -> dict:
    return yaml.safe_load((folder / f"{rid}.yaml").read_text(encoding="utf-8"))


def ids(report) -> list[str]:
    return [Path(p).stem for p in report.written]


def test_nested_bullets_with_decorations(tmp_path):
    report, folder = imported(tmp_path, "nested-decorated.md")
    assert report.found == 9
    assert ids(report) == [
        "falbo", "corvid", "tasknotes", "scaling-task-notes-to-a-thousand-tasks", "notebook", "wren",
        "teaching-kestrel-to-chat", "distilling-quill-from-a-larger-teacher", "thorr",
    ]  # fmt: skip
    notes = read(folder, "tasknotes")  # the bold short name names it; its title stays the paper's
    assert notes["name"] == "TaskNotes" and notes["paper"]["title"] == "Learning to Follow Written Task Notes"
    assert notes["date"] == "2021-04" and notes["in_context_tuning"] == "yes"
    assert notes["tested_on_nlp_tasks"] == "yes" and notes["offers"] == ["data", "tool"]
    assert notes["base_models"] == ["falbo 7B"]  # "Falbo-7B" names an entry of the same review: a reference
    assert notes["data_size"] == {"stated": "roughly 52K * 5", "value": 260000.0}
    assert notes["data_sources"] == [
        "40 existing reading-comprehension datasets",
        "task notes written by crowd workers",
    ]
    # two works in one paragraph ("… and\n[…]") are two entries that share the fields after them, reported
    assert read(folder, "notebook")["date"] == "2022" == read(folder, "scaling-task-notes-to-a-thousand-tasks")["date"]
    assert "data_size" not in read(folder, "notebook")  # "Unknown" stays empty
    assert any("line 31: one paragraph names 2 works" in u for u in report.unplaced)
    wren = read(folder, "wren")  # a field given twice keeps the first, reported with both lines
    assert wren["date"] == "2023-04" and wren["license"]["notes"] == "CC BY-NC 4.0 (no commercial use)"
    assert any("'Date' is given twice for 'Wren'; the first (line 40) is kept" in u for u in report.unplaced)
    kestrel = read(folder, "teaching-kestrel-to-chat")
    assert kestrel["aliases"] == ["Kestrel"] and kestrel["base_models"] == ["corvid"]
    assert kestrel["summary"] == "Aims at longer conversations." and kestrel["date"] == "2023-03"
    assert read(folder, "corvid")["model_sizes_b"] == [0.0015]  # "1.5 M"
    # a field written for two entries became a profile field; a section that matched no category became one
    assert "field reviewer_mood (text): 'Reviewer mood'" in report.proposed
    assert kestrel["reviewer_mood"] == "cheerful"
    assert read(folder, "thorr") == {
        "name": "Þórr",
        "category": "others",
        "paper": {"title": "Þórr: Transliterated Names Still Get Ids", "url": "https://example.org/papers/thorr"},
        "date": "2024-01",
        "sources": [{"title": "Þórr: Transliterated Names Still Get Ids", "url": "https://example.org/papers/thorr"}],
    }
    profile = load_profile(tmp_path / "review.yaml")
    assert "reviewer_mood" in profile.fields and "others" in profile.category_ids
    assert read(folder, "wren")["category"] == "general-assistant"  # a heading the profile lists for a category
    # the entry with no link fails validation (and so cannot be named by another until it is filled in); its file
    # says what to fill in
    assert report.problems[0] == "corpus/corvid.yaml:3: sources: required field is missing"
    assert "# to fill in: sources: Field required" in (folder / "corvid.yaml").read_text(encoding="utf-8")


def test_entries_as_headings_with_tags(tmp_path):
    report, folder = imported(tmp_path, "heading-entries.md")
    assert ids(report) == ["falbo-lab-notes", "wren-team-wren-chat", "kestrel", "quill-improves-itself"]
    notes = read(folder, "falbo-lab-notes")
    assert notes["name"] == "falbo-lab/notes" and notes["category"] == "datasets"
    assert notes["tags"] == ["52K", "EN", "SI"] and notes["teacher"] == ["falbo-70b"]  # "Data generation model"
    assert "models: 'falbo-70b', 'corvid-chat'" in report.proposed  # names the vocabulary did not know
    assert notes["paper"] == {"title": "Notes for Instructions", "url": "https://example.org/papers/notes"}
    assert notes["summary"] == "Instructions written from task notes and answered by a larger model."
    assert read(folder, "wren-team-wren-chat")["paper"]["url"] == "https://example.org/wren-team/wren-chat"  # N/A
    kestrel = read(folder, "kestrel")  # "#### [Title](url)<TAB>*28 Jan 2022*" and an authors paragraph
    assert kestrel["date"] == "2022-01" and kestrel["summary"] == "Ana Author, Ben Writer"
    assert read(folder, "quill-improves-itself")["category"] == "bootstrapping"  # under a heading of its own level
    # the table of contents, the related link and the contributing section are recognised, not entries
    recognised = "\n".join(report.recognised)
    assert "line 7: section 'Contents'" in recognised and "line 21: related links" in recognised
    assert "section 'Contributing'" in recognised
    assert report.unplaced == [] and report.problems == []


def test_tables_whose_header_names_the_fields(tmp_path):
    report, folder = imported(tmp_path, "tables.md")
    assert ids(report) == ["falbo", "corvid", "kestrel", "quill-tasks", "wren-chats"]
    falbo = read(folder, "falbo")
    assert falbo["date"] == "2023-02" and falbo["model_sizes_b"] == [7.0, 13.0, 70.0]  # "Params (B)": 7, 13, 70
    assert falbo["links"] == {"weights": "https://example.org/falbo/weights"}  # the "Checkpoints" column
    assert falbo["paper"] == {"title": "Falbo: Open Models", "url": "https://example.org/papers/falbo"}
    assert falbo["license"] == {"notes": "Apache 2.0"}
    assert read(folder, "corvid")["model_sizes_b"] == [0.5, 3.0]  # "0.5 - 3"
    kestrel = read(folder, "kestrel")  # a row with a cell missing and "-" for no checkpoint
    assert "links" not in kestrel and "license" not in kestrel and kestrel["model_sizes_b"] == [12.0]
    quill = read(folder, "quill-tasks")  # the second table: other columns, the name in the "Datasets" column
    assert quill["date"] == "2022-04" and quill["base_models"] == ["falbo"]
    # "Number of Tasks" is the profile's amount of data in tasks; "Number of Instances" beside it, a field of its own
    assert quill["data_size"] == {"stated": "1600", "value": 1600.0, "unit": "tasks"}
    assert quill["number_of_instances"] == {"stated": "5M", "value": 5000000.0}
    assert "data_size" not in read(folder, "wren-chats")  # "----"
    assert report.unplaced == [] and report.problems == []


def test_a_mix_of_shapes_with_html_headings_and_navigation(tmp_path):
    report, folder = imported(tmp_path, "mixed.md")
    assert ids(report) == [
        "falbo-thinks-aloud", "reasoning-in-wren-models", "corvid", "kestrel", "quill", "tern", "wren-tools",
        "kestrel-revisited",
    ]  # fmt: skip
    survey = read(folder, "falbo-thinks-aloud")  # a numbered bold link with a code link, under a year heading
    assert survey["category"] == "surveys" and survey["date"] == "2024"
    assert survey["links"] == {"code": "https://example.org/code/falbo-survey"}
    corvid = read(folder, "corvid")  # a bold title block, its links and date on a later line, under an HTML heading
    assert corvid["category"] == "papers" and corvid["date"] == "2023-11"
    assert corvid["paper"] == {
        "title": "Corvid: Retrieval Before Reasoning",
        "url": "https://example.org/papers/corvid",
    }
    assert corvid["links"] == {"code": "https://example.org/code/corvid"}
    quill = read(folder, "quill")  # the related work after "Related:" is not a source of this one
    assert quill["summary"] == "A tool that writes reasoning traces."
    assert [s["url"] for s in quill["sources"]] == ["https://example.org/quill"]
    # a bold title right under a bullet, with no blank line (markdown runs it into the bullet), is not merged into it
    revisited = read(folder, "kestrel-revisited")
    assert (
        revisited["date"] == "2024-07" and revisited["paper"]["url"] == "https://example.org/papers/kestrel-revisited"
    )
    assert read(folder, "wren-tools")["summary"] == "helpers for Wren models."
    assert report.unplaced == [
        "line 39: '-[' read as a list item; write a space after the '-'",
        "line 42: 'Kestrel Revisited' follows the item before it with no blank line or bullet; read as a work of its "
        "own",
    ]
    assert any("to-do item" in r for r in report.recognised)


def test_without_update_profile_unknown_fields_and_sections_are_reported(tmp_path):
    report, folder = imported(tmp_path, "nested-decorated.md", update=False)
    assert report.proposed == []
    assert any("line 52: field 'Reviewer mood' is not in the profile; kept under extra" in u for u in report.unplaced)
    assert any("section 'Others' matches no category" in u for u in report.unplaced)
    assert read(folder, "teaching-kestrel-to-chat")["extra"] == {"Reviewer mood": "cheerful"}
    assert any("thorr.yaml" in p and "category: required field is missing" in p for p in report.problems)


@pytest.mark.parametrize("name", sorted(p.name for p in SHAPES.glob("*.md")))
def test_every_shape_validates_once_its_gaps_are_filled(tmp_path, name):
    report, folder = imported(tmp_path, name)
    _fill_gaps(folder)  # the entry without a link: filled in as a user would
    corpus = load_corpus(folder, tmp_path / "review.yaml")
    assert len(corpus.records) == report.found


def test_cli_dry_run_writes_nothing_and_exits_non_zero_on_problems(tmp_path):
    shutil.copy(PROFILE, tmp_path / "review.yaml")
    before = (tmp_path / "review.yaml").read_text(encoding="utf-8")
    args = ["import", str(SHAPES / "nested-decorated.md"), "--into", str(tmp_path / "corpus")]
    result = CliRunner().invoke(main, [*args, "--dry-run", "--update-profile"])
    assert result.exit_code == 1, result.output
    assert "--- would write" in result.output and "would add" in result.output
    assert "9 entries found, 9 to write, 0 kept, 3 problems." in result.output
    assert not (tmp_path / "corpus").exists() and (tmp_path / "review.yaml").read_text(encoding="utf-8") == before
    result = CliRunner().invoke(main, [*args, "--update-profile"])
    assert result.exit_code == 1 and "9 entries found, 9 written" in result.output
    assert "  1. line 31: one paragraph names 2 works" in result.output  # problems are numbered
    clean = CliRunner().invoke(main, ["import", str(SHAPES / "tables.md"), "--into", str(tmp_path / "t"),
                                      "--profile", str(tmp_path / "review.yaml"), "--update-profile"])  # fmt: skip
    assert clean.exit_code == 0, clean.output


def _fill_gaps(folder: Path) -> None:
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "# to fill in: sources" in text:
            path.write_text(text + "sources:\n- url: https://example.org/filled\n", encoding="utf-8")


QUESTIONS = {
    "nested-decorated.md": [
        ("What base model does TaskNotes use?", "tasknotes", r"Falbo 7B"),
        ("When did Wren come out?", "wren", r"2023-04|April 2023"),
        ("How much instruction data does TaskNotes have?", "tasknotes", r"52K \* 5|260"),
        ("What is the reviewer mood of Teaching Kestrel to Chat?", "teaching-kestrel-to-chat", r"cheerful"),
        ("Which works used in-context tuning?", "tasknotes", r"TaskNotes"),
    ],
    "heading-entries.md": [
        ("Which model generated the data of falbo-lab/notes?", "falbo-lab-notes", r"falbo-70b"),
        ("What license does wren-team/wren-chat have?", "wren-team-wren-chat", r"Apache"),
    ],
    "tables.md": [
        ("What sizes does Corvid come in?", "corvid", r"500M|0\.5"),
        ("How many tasks does Quill Tasks have?", "quill-tasks", r"1,?600"),
    ],
    "mixed.md": [
        ("Where is the code of Falbo Thinks Aloud?", "falbo-thinks-aloud", r"example\.org/code/falbo-survey"),
        ("When was Corvid released?", "corvid", r"2023-11|November 2023"),
    ],
}


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_questions_whose_answers_are_in_the_imported_file(tmp_path, embedder, name):
    import re

    from reviewqa.answer import Assistant
    from reviewqa.index import build_index, load_index

    _, folder = imported(tmp_path, name)
    _fill_gaps(folder)
    build_index(load_corpus(folder, tmp_path / "review.yaml"), embedder, tmp_path / "index")
    assistant = Assistant(load_index(tmp_path / "index"), embedder)
    for question, top, pattern in QUESTIONS[name]:
        answer = assistant.ask(question)
        got = [r["id"] for r in answer.records]
        assert got and got[0] == top, (question, got, answer.answer)
        assert re.search(pattern, answer.answer, re.I), (question, answer.answer)


@pytest.mark.parametrize("name", [*sorted(p.name for p in SHAPES.glob("*.md")), "../seed-shape-review.md"])
def test_import_export_import_is_identical(tmp_path, name):
    """Export keeps what import read: the title, the introduction, section names and notes, the order of the
    entries, aliases and the fields the profile gained; importing the export gives the same entries and profile."""
    from reviewqa.markdown import export_markdown

    first = tmp_path / "first"
    first.mkdir()
    _, folder = imported(first, name)
    _fill_gaps(folder)
    exported = export_markdown(load_corpus(folder, first / "review.yaml"))
    (tmp_path / "REVIEW.md").write_text(exported, encoding="utf-8")
    second = tmp_path / "second"
    second.mkdir()
    shutil.copy(first / "review.yaml", second / "review.yaml")
    profile = load_profile(second / "review.yaml")
    report = import_markdown(tmp_path / "REVIEW.md", second / "corpus", profile, update_profile=second / "review.yaml")
    assert report.unplaced == [] and report.problems == []
    assert load_profile(second / "review.yaml") == load_profile(first / "review.yaml")
    again = load_corpus(second / "corpus", second / "review.yaml")
    assert export_markdown(again) == exported
    assert {r.id: r.entry for r in again.records} == {
        r.id: r.entry for r in load_corpus(folder, first / "review.yaml").records
    }
    source = (SHAPES / name).read_text(encoding="utf-8")
    title = next(line[2:] for line in source.splitlines() if line.startswith("# "))
    assert exported.startswith(f"# {title}\n")


@pytest.mark.slow  # the CLI loads the real model
def test_index_skip_invalid_builds_from_the_valid_entries_and_names_the_others(tmp_path):
    shutil.copy(PROFILE, tmp_path / "review.yaml")
    runner = CliRunner()
    corpus, index = str(tmp_path / "corpus"), str(tmp_path / "index")
    runner.invoke(main, ["import", str(SHAPES / "nested-decorated.md"), "--into", corpus, "--update-profile"])
    refused = runner.invoke(main, ["index", "--corpus", corpus, "--index", index])
    assert refused.exit_code != 0 and "corvid.yaml" in refused.output
    built = runner.invoke(main, ["index", "--corpus", corpus, "--index", index, "--skip-invalid"])
    assert built.exit_code == 0, built.output
    assert "Left out 2 file(s)" in built.output and "  corvid.yaml" in built.output
    assert "(7 entries" in built.output


def test_a_year_alone_is_a_date_whose_month_is_unknown():
    from reviewqa.table import _compare_date

    assert _compare_date("2023", "eq", ["2023"]) is True
    assert _compare_date("2023", "eq", ["2023-03"]) is None  # perhaps March: not known
    assert _compare_date("2023", "eq", ["2024-03"]) is False
    assert _compare_date("2023", "ge", ["2022-06"]) is True  # every month of 2023 is after June 2022
    assert _compare_date("2023", "ge", ["2023-06"]) is None
    assert _compare_date("2023-04", "ge", ["2023-03"]) is True


def test_a_review_with_no_entries_says_so_and_fails(tmp_path):
    shutil.copy(PROFILE, tmp_path / "review.yaml")
    (tmp_path / "empty.md").write_text("# Notes\n\nNothing listed yet.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(tmp_path / "empty.md"), "--into", str(tmp_path / "corpus")])
    assert result.exit_code == 1 and "no entries found" in result.output
    assert "0 entries found, 0 written" in result.output
