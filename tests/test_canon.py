"""Canonical values (fast tier): the vocabulary check and its suggestions, references to entries and their sizes, the
dating rule, the importer's rewriting, ``reviewqa values``; and the shipped review under these rules."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from reviewqa.canon import canonical_data, license_names, split_ref
from reviewqa.cli import main
from reviewqa.corpus import load_corpus, validate
from reviewqa.profile import load_profile

from .conftest import CORPUS, PROFILE

PROFILE_TEXT = """\
title: Birds
check_values: {mode}
categories:
  - id: base
    title: Base
  - id: tuned
    title: Tuned
fields:
  date: {{type: date, label: Date, earliest_of: [paper_date]}}
  paper_date: {{type: date, label: Paper date}}
  aliases: {{type: aliases, label: Also known as}}
  sizes_b: {{type: sizes, label: Sizes, scale: 1.0e9}}
  makers: {{type: names, label: Maker, vocabulary: orgs}}
  bases: {{type: refs, label: Base, vocabulary: others}}
  teacher: {{type: names, label: Teacher, vocabulary: teachers}}
  license: {{type: license, label: License, parts: [code, data], vocabulary: licenses}}
  category: {{type: category, label: Category, required: true}}
  sources: {{type: sources, label: Sources, required: true}}
vocabularies:
  orgs:
    - {{name: Acme Labs, aliases: [acme]}}
    - {{name: Quill University, aliases: [quill uni]}}
  others:
    - {{name: Heron, organization: Acme Labs}}
  teachers:
    - {{name: Corvid-4, aliases: [corvid4]}}
  licenses:
    - {{name: Open-1.0, aliases: [open license]}}
groups:
  - {{id: acme birds, vocabulary: teachers, words: [some corvid]}}
"""

FALBO = """\
name: Falbo
category: base
date: 2023-04
aliases: [Falbo-30B]
sizes_b: [7, 33]
makers: [Acme Labs]
license: {code: Open-1.0 (weights; code)}
sources: [{url: https://example.org/falbo}]
"""


def review(tmp_path: Path, entries: dict[str, str], mode: str = "canonical") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "review.yaml").write_text(PROFILE_TEXT.format(mode=mode), encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for rid, text in {"falbo": FALBO, **entries}.items():
        (corpus / f"{rid}.yaml").write_text(text, encoding="utf-8")
    return corpus


def tuned(**fields: str) -> str:
    base = {"name": "Wren", "category": "tuned", "date": "2023-06", "sources": "[{url: https://example.org/wren}]"}
    return "".join(f"{k}: {v}\n" for k, v in {**base, **fields}.items())


def messages(corpus: Path) -> list[str]:
    return [str(p) for p in validate(corpus)]


def test_a_reference_is_rendered_with_the_entrys_name(tmp_path):
    corpus = review(tmp_path, {"wren": tuned(bases="[falbo 7B, Heron 2B, falbo]", teacher="[falbo 33B]")})
    assert messages(corpus) == []
    wren = load_corpus(corpus).by_id()["wren"].entry
    assert wren.bases == ["Falbo 7B", "Heron 2B", "Falbo"] and wren.teacher == ["Falbo 33B"]


def test_a_reference_by_name_or_to_a_size_the_entry_lacks_is_reported_with_what_to_write(tmp_path):
    corpus = review(tmp_path, {"wren": tuned(bases="[Falbo 7B, falbo 30B, Falco 7B]")})
    found = messages(corpus)
    assert any("wren.yaml:5: bases[0]:" in m and "write 'falbo 7B'" in m for m in found), found
    assert any("bases[1]" in m and "Falbo has the sizes 7B, 33B; 30B is not one of them" in m for m in found)
    assert any("bases[2]" in m and "closest: 'falbo'" in m for m in found), found


def test_canonical_mode_wants_the_canonical_spelling_and_known_mode_takes_an_alias(tmp_path):
    wren = tuned(makers="[acme, Quill Univ]", teacher="[corvid4, some corvid]", license="{data: open license}")
    found = messages(review(tmp_path, {"wren": wren}))
    assert any("makers[0]" in m and "spelled 'Acme Labs'" in m for m in found), found
    assert any("makers[1]" in m and "not in the vocabulary 'orgs'" in m and "closest: 'Quill University'" in m
               for m in found)  # fmt: skip
    assert any("teacher[0]" in m and "write 'Corvid-4'" in m for m in found)
    assert not any("teacher[1]" in m for m in found)  # a group of the vocabulary is a known value
    assert any("license.data" in m and "write 'Open-1.0'" in m for m in found)
    known = messages(review(tmp_path / "known", {"wren": wren}, mode="known"))
    assert len(known) == 1 and "makers[1]" in known[0]
    assert messages(review(tmp_path / "off", {"wren": wren}, mode="off")) == []


def test_the_dating_rule(tmp_path):
    later = messages(review(tmp_path, {"wren": tuned(paper_date="2023-05")}))
    assert len(later) == 1 and "date 2023-06 is later than paper_date 2023-05" in later[0]
    same = messages(review(tmp_path / "same", {"wren": tuned(paper_date="2023-06")}))
    assert len(same) == 1 and "paper_date: paper_date is the same month as date" in same[0]
    assert messages(review(tmp_path / "ok", {"wren": tuned(paper_date="2023-09")})) == []


def test_the_importer_writes_references_and_canonical_spellings(tmp_path):
    profile = load_profile(Path(review(tmp_path, {})).parent / "review.yaml")
    data = {
        "falbo": {"name": "Falbo", "aliases": ["Falbo-30B"], "sizes_b": [7, 33]},
        "wren": {"name": "Wren", "bases": ["Falbo 7B", "Heron 2B", "Sparrow"], "teacher": ["corvid4", "Falbo"],
                 "makers": ["acme"], "license": {"code": "open license (weights)"}},
    }  # fmt: skip
    canonical_data(profile, data)
    wren = data["wren"]
    assert wren["bases"] == ["falbo 7B", "Heron 2B", "Sparrow"]  # an unknown name stays, for validate to report
    assert wren["teacher"] == ["Corvid-4", "falbo"] and wren["makers"] == ["Acme Labs"]
    assert wren["license"] == {"code": "Open-1.0 (weights)"}


def test_parts_of_values():
    assert split_ref("falbo 13B") == ("falbo", "13B") and split_ref("Heron") == ("Heron", None)
    assert split_ref("Wren 1.5 b") == ("Wren", "1.5B")
    assert license_names("Open-1.0 (weights; code); Quill (data)") == ["Open-1.0", "Quill"]


def test_values_lists_the_vocabulary_with_counts(tmp_path):
    corpus = review(tmp_path, {"wren": tuned(makers="[Acme Labs]", teacher="[falbo, Corvid-4]")})
    result = CliRunner().invoke(main, ["values", "makers", "--corpus", str(corpus)])
    assert result.exit_code == 0
    assert re.search(r"^\s+2\s+Acme Labs\s+\[also acme\]$", result.output, re.M), result.output
    assert re.search(r"^\s+0\s+Quill University$", result.output, re.M)
    teacher = CliRunner().invoke(main, ["values", "teacher", "--corpus", str(corpus)]).output
    assert "Falbo (entry falbo)" in teacher and "Corvid-4" in teacher
    wrong = CliRunner().invoke(main, ["values", "colour", "--corpus", str(corpus)])
    assert wrong.exit_code == 1 and "no field 'colour'" in wrong.output and "Traceback" not in wrong.output


def test_the_shipped_review_follows_its_rules():
    """Canonical values, commercial use stated everywhere, base models that name an entry or the vocabulary, and dates
    that agree with the arXiv month of the paper (the paper date, or the date where no paper date is stated)."""
    assert validate(CORPUS) == []
    corpus = load_corpus(CORPUS, PROFILE)
    profile = corpus.profile
    assert profile.check_values == "canonical" and profile.fields["date"].earliest_of == ["paper_date"]
    names = {r.entry.name for r in corpus.records}
    outside = {item.name for item in profile.vocabularies[profile.fields["base_models"].vocabulary or ""]}
    for record in corpus.records:
        entry = record.entry
        assert entry.commercial_use, record.id
        for base in entry.base_models or []:
            assert split_ref(base)[0] in names | outside or base in names, (record.id, base)
        arxiv = re.search(r"arxiv\.org/(?:abs|pdf)/(\d\d)(\d\d)\.\d{4,5}", entry.paper.url if entry.paper else "")
        if arxiv:
            month = f"20{arxiv.group(1)}-{arxiv.group(2)}"
            assert (entry.paper_date or entry.date) == month, record.id


def test_values_says_when_files_with_problems_were_left_out(tmp_path):
    corpus = review(tmp_path, {"wren": "name: Wren\ncategory: tuned\nbases: ['', falbo 7B]\n"})
    result = CliRunner().invoke(main, ["values", "bases", "--corpus", str(corpus)])
    assert result.exit_code == 0 and "0 distinct values in 0 of 1 entries" in result.output
    assert "problem(s)" in result.output and "reviewqa validate" in result.output
