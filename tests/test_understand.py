"""Question understanding and fusion: pure logic over the shipped corpus, no model."""

from __future__ import annotations

import pytest

from reviewqa.corpus import load_corpus
from reviewqa.retrieve import fuse
from reviewqa.understand import Understander

from .conftest import CORPUS


@pytest.fixture(scope="module")
def u() -> Understander:
    corpus = load_corpus(CORPUS)
    return Understander([r.id for r in corpus.records], [r.entry for r in corpus.records])


@pytest.mark.parametrize(
    ("question", "subject", "field"),
    [
        ("What base model was Alpaca fine-tuned from?", "alpaca", "base_models"),
        ("what license is the dolly data under", "dolly", "license"),
        ("alpca base model?", "alpaca", "base_models"),
        ("how many tokens was chinchila trained on", "chinchilla", "training_tokens"),
        ("Who made Tk-Instruct?", "super-natural-instructions", "organizations"),
        ("FLAN-T5 sizes", "flan-collection", "model_sizes_b"),
        ("LIMA size?", "lima", "model_sizes_b"),
        ("when did Llama 2 come out", "llama-2", "date"),
    ],
)
def test_named_questions(u, question, subject, field):
    intent = u.understand(question)
    assert intent.kind == "entity"
    assert intent.subjects == (subject,)
    assert field in intent.fields


def test_llama_and_llama_2_are_different_entries(u):
    assert u.understand("Tell me about Llama 2").subjects == ("llama-2",)
    assert u.understand("Tell me about LLaMA").subjects == ("llama",)


@pytest.mark.parametrize("question", ["What's the weather like in Paris today?", "asdf", "how do I bake bread"])
def test_off_topic_names_nothing(u, question):
    intent = u.understand(question)
    assert intent.kind == "search" and not intent.mentions and not intent.filters


def test_follow_ups_use_the_conversation(u):
    first = u.understand("Tell me about Vicuna")
    second = u.understand("What base model did it use?", first)
    assert second.kind == "entity" and second.subjects == ("vicuna",) and second.follow_up
    license_q = u.understand("What license does Alpaca have?")
    koala = u.understand("and Koala?", license_q)
    assert koala.subjects == ("koala",) and koala.fields == ("license",)


def entries_matching(u, intent):
    return {rid for rid, e in u.entries.items() if all(f(e) for f in intent.filters)}


def test_lists_become_filters(u):
    llama = u.understand("Which works were fine-tuned from LLaMA?")
    assert llama.kind == "list" and llama.filters[0].label == "base model is LLaMA"
    found = entries_matching(u, llama)
    assert {"alpaca", "vicuna", "lima", "guanaco"} <= found and "zephyr" not in found and "llama" not in found
    small = u.understand("datasets with fewer than 20K examples")
    assert entries_matching(u, small) == {"lima", "dolly", "guanaco"}
    big = u.understand("models over 100B parameters")
    assert {"gpt-3", "palm", "bloom"} <= entries_matching(u, big) and "llama" not in entries_matching(u, big)
    year = u.understand("released in 2022")
    assert year.kind == "list" and all(u.entries[i].date.startswith("2022") for i in entries_matching(u, year))
    count = u.understand("how many base models are in the review?")
    assert count.kind == "count" and len(entries_matching(u, count)) == 14
    meta = u.understand("works from Meta")
    assert {"llama", "llama-2", "opt", "lima"} <= entries_matching(u, meta)


def test_compare_and_superlatives(u):
    compare = u.understand("Compare Alpaca and LIMA")
    assert compare.kind == "compare" and compare.subjects == ("alpaca", "lima")
    earliest = u.understand("the earliest work")
    assert earliest.kind == "superlative" and earliest.sort and earliest.sort.key == "date"


def test_fusion_strategies():
    dense = {0: 0.9, 1: 0.5, 2: 0.1}
    lexical = {1: 8.0, 2: 1.0}
    assert max(fuse("rrf", dense, lexical).items(), key=lambda kv: kv[1])[0] in (0, 1)
    weighted = fuse("weighted", dense, lexical)
    assert weighted[1] > weighted[2]
    assert fuse("dense", dense, lexical) == dense
    with pytest.raises(ValueError, match="choose one of bm25, dense, rrf, weighted"):
        fuse("magic", dense, lexical)
