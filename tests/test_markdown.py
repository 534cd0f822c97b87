"""Import of an awesome-list review and the export/import round trip."""

from __future__ import annotations

import csv
import io
import json

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewqa.corpus import load_corpus as _load_corpus
from reviewqa.markdown import export_csv, export_json, export_markdown, parse_markdown
from reviewqa.markdown import import_markdown as _import_markdown
from reviewqa.profile import load_profile

from .conftest import CORPUS, PROFILE, SEED_IDS

REVIEW = load_profile(PROFILE)


def load_corpus(folder):
    return _load_corpus(folder, REVIEW)


def import_markdown(path, into, force=False):
    return _import_markdown(path, into, REVIEW, force=force)


def read(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_seed_imports_to_its_seven_entries_with_every_field(tmp_path, seed_path):
    report = import_markdown(seed_path, tmp_path)
    assert sorted(p.split("/")[-1] for p in report.written) == sorted(f"{i}.yaml" for i in SEED_IDS)
    assert report.unplaced == []
    llama = read(tmp_path / "llama.yaml")
    assert llama["category"] == "base-model"
    assert llama["model_sizes_b"] == [7, 13, 65]
    assert "GNU General Public License v3.0" in llama["license"]["notes"]
    assert llama["paper"]["url"] == "https://arxiv.org/abs/2302.13971"
    assert read(tmp_path / "chinchilla.yaml")["model_sizes_b"] == [70]
    alpaca = read(tmp_path / "alpaca.yaml")
    assert alpaca["category"] == "general-assistant"
    assert alpaca["base_models"] == ["llama 7B"]  # "LLaMA-7B" names the entry in the review: a reference
    assert alpaca["data_sources"] == [
        "175 seed tasks written by people",
        "Generated with text-davinci-003",
    ]
    assert alpaca["data_size"] == {"stated": "52K", "value": 52000}
    assert "CC BY NC 4.0" in alpaca["license"]["notes"]
    lima = read(tmp_path / "lima.yaml")
    assert lima["name"] == "LIMA" and lima["paper"]["title"] == "LIMA: Less Is More for Alignment"
    assert len(lima["data_sources"]) == 5 and lima["license"]["notes"] == "Unclear"
    assert read(tmp_path / "self-instruct.yaml")["base_models"] == ["GPT-3 175B (text-davinci-001)"]
    # entries without any link are written but reported: a source must be added before indexing
    assert any("chinchilla.yaml" in p and "sources: required field is missing" in p for p in report.problems)


def test_the_original_seed_review_imports_to_its_seven_entries(tmp_path, real_seed_path):
    report = import_markdown(real_seed_path, tmp_path)
    assert sorted(p.split("/")[-1] for p in report.written) == sorted(f"{i}.yaml" for i in SEED_IDS)
    assert report.unplaced == []
    assert read(tmp_path / "llama.yaml")["model_sizes_b"] == [7, 13, 65]
    assert read(tmp_path / "lima.yaml")["base_models"] == ["llama 65B"]


def test_existing_files_are_kept_unless_forced(tmp_path, seed_path):
    (tmp_path / "alpaca.yaml").write_text("mine\n", encoding="utf-8")
    report = import_markdown(seed_path, tmp_path)
    assert (tmp_path / "alpaca.yaml").read_text(encoding="utf-8") == "mine\n"
    assert any(p.endswith("alpaca.yaml") for p in report.skipped)
    import_markdown(seed_path, tmp_path, force=True)
    assert read(tmp_path / "alpaca.yaml")["name"] == "Alpaca"


def test_unknown_fields_are_kept_under_extra_and_reported(tmp_path):
    review = tmp_path / "review.md"
    review.write_text(
        "## Instruction Tuning\n\n**Camel**\n  * BASE MODEL: LLaMA 13B\n  * Hardware used: 8 A100\n"
        "    - for 3 days\n  * Date: March 2023\n  * Sources: https://example.org/camel\n",
        encoding="utf-8",
    )
    report = import_markdown(review, tmp_path / "out")
    camel = read(tmp_path / "out" / "camel.yaml")
    assert camel["base_models"] == ["LLaMA 13B"]
    assert camel["extra"] == {"Hardware used": "8 A100 for 3 days"}
    assert camel["date"] == "2023-03"
    assert any("Hardware used" in line for line in report.unplaced)
    assert len(report.problems) == 1 and "'LLaMA' is not an entry id or a name of the vocabulary" in report.problems[0]


def test_export_import_round_trip_gives_the_same_entries(tmp_path):
    corpus = load_corpus(CORPUS)
    review = tmp_path / "REVIEW.md"
    review.write_text(export_markdown(corpus), encoding="utf-8")
    report = import_markdown(review, tmp_path / "again")
    assert report.unplaced == [] and report.problems == []
    again = load_corpus(tmp_path / "again").by_id()
    assert set(again) == set(corpus.by_id())
    for record in corpus.records:
        assert again[record.id].entry == record.entry, record.id


def test_csv_and_json_exports():
    corpus = load_corpus(CORPUS)
    rows = list(csv.DictReader(io.StringIO(export_csv(corpus))))
    assert len(rows) == len(corpus.records)
    alpaca = next(r for r in rows if r["id"] == "alpaca")
    assert alpaca["base_models"] == "LLaMA 7B" and alpaca["data_size_value"] == "52002"
    items = json.loads(export_json(corpus))
    assert {i["id"] for i in items} == {r.id for r in corpus.records}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_parser_never_crashes(text):
    entries, stray = parse_markdown(text, REVIEW)
    assert isinstance(entries, list) and isinstance(stray, list)


HOSTILE = """# Review

## Instruction Tuning

[Escape](https://example.org/a)
  * Id: ../../escaped

[Absolute](https://example.org/b)
  * Id: {absolute}

[Sub](https://example.org/c)
  * Id: sub/x

[!!!](https://example.org/e)
  * Base model: T5 11B

[   ](https://example.org/d)
  * Base model: T5 11B

[Linked](https://example.org/f)
  * Base model: T5 11B
"""


def test_import_writes_only_slug_named_files_inside_its_folder_and_never_through_a_link(tmp_path):
    into = tmp_path / "deep" / "corpus"
    into.mkdir(parents=True)
    victim = tmp_path / "victim.yaml"
    victim.write_text("keep\n", encoding="utf-8")
    (into / "linked.yaml").symlink_to(victim)
    review = tmp_path / "review.md"
    review.write_text(HOSTILE.format(absolute=tmp_path / "absolute"), encoding="utf-8")
    report = import_markdown(review, into, force=True)
    assert victim.read_text(encoding="utf-8") == "keep\n"
    outside = [p for p in tmp_path.rglob("*") if into not in p.parents and p not in (into, into.parent)]
    assert sorted(p.name for p in outside) == ["review.md", "victim.yaml"]
    names = sorted(p.name for p in into.iterdir())
    assert names == ["entry-14.yaml", "linked.yaml"] and all(not n.startswith(".") for n in names)
    for line, words in [(5, "not a lowercase slug"), (8, "not a lowercase slug"), (11, "not a lowercase slug"),
                        (20, "symbolic link")]:  # fmt: skip
        assert any(p.startswith(f"line {line}: ") and words in p for p in report.problems), (line, report.problems)
