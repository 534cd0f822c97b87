"""Reading questions into typed queries, and running their conditions on the typed records: pure logic, no model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reviewqa.conversation import Conversation
from reviewqa.corpus import load_corpus
from reviewqa.lexicon import Lexicon
from reviewqa.parse import Reader
from reviewqa.query import And, Atom, Not, Query, atoms
from reviewqa.retrieve import fuse
from reviewqa.table import Table

from .conftest import CORPUS, FROZEN, PROFILE, SECOND


class Review:
    def __init__(self, folder: Path = FROZEN) -> None:
        corpus = load_corpus(folder, PROFILE if folder == FROZEN else None)
        ids = [r.id for r in corpus.records]
        entries = [r.entry for r in corpus.records]
        self.lexicon = Lexicon(corpus.profile, ids, entries)
        self.table = Table(corpus.profile, ids, entries, self.lexicon.names)
        self.reader = Reader(self.lexicon, self.table.value_of)

    def read(self, question: str, conv: Conversation | None = None) -> Query:
        return self.reader.read(question, conv)

    def chat(self, *questions: str) -> Conversation:
        """The conversation after ``questions``, each answered about the entries it names."""
        conv = Conversation()
        for question in questions:
            query = self.read(question, conv)
            conv = conv.after(query, focus=query.subjects)
        return conv

    def matches(self, query: Query) -> set[str]:
        pool = [self.table.row[i] for i in query.within] if query.within is not None else None
        rows, _ = self.table.matching(query.where, pool)
        return {self.table.ids[r] for r in rows}


@pytest.fixture(scope="module")
def review() -> Review:
    return Review()


@pytest.fixture(scope="module")
def second() -> Review:
    return Review(SECOND / "corpus")


@pytest.mark.parametrize(
    ("question", "subject", "field"),
    [
        ("What base model was Alpaca fine-tuned from?", "alpaca", "base_models"),
        ("what license is the dolly data under", "dolly", "license"),
        ("alpca base model?", "alpaca", "base_models"),
        ("how many tokens was chinchila trained on", "chinchilla", "training_tokens"),
        ("Who made Tk-Instruct?", "super-natural-instructions", "organizations"),
        ("FLAN-T5 sizes", "flan-collection", "model_sizes_b"),
        ("when did Llama 2 come out", "llama-2", "date"),
        ("which model wrote the alpaca training data?", "alpaca", "teacher"),
        ("Which university did the DPO paper come from?", "dpo", "organizations"),
        ("how big is the LaMini instruction dataset?", "lamini-lm", "data_size"),
    ],
)
def test_named_questions_ask_a_field_of_the_entry(review, question, subject, field):
    query = review.read(question)
    assert query.op == "lookup", query
    assert query.subjects == (subject,)
    assert field in query.fields


def test_llama_and_llama_2_are_different_entries(review):
    assert review.read("Tell me about Llama 2").subjects == ("llama-2",)
    assert review.read("Tell me about LLaMA").subjects == ("llama",)


@pytest.mark.parametrize(
    "question",
    ["What license does Llama 3 use?", "How many parameters does Falcon 2 have?", "what did GPT-5 distill from"],
)
def test_a_name_the_review_lacks_is_declined_not_answered_with_a_look_alike(review, question):
    query = review.read(question)
    assert query.op == "missing" and query.subjects == () and query.missing


@pytest.mark.parametrize(
    "question", ["What's the weather like in Paris today?", "who won the champions league final last year?", "asdf"]
)
def test_off_topic_questions_name_nothing_of_the_review(review, question):
    query = review.read(question)
    assert query.op in ("search", "decline", "missing") and not query.subjects and query.where is None


def test_lists_become_conditions_on_typed_fields(review):
    llama = review.read("Which works were fine-tuned from LLaMA?")
    assert llama.op == "list" and llama.where == Atom("base_models", "has", ("entry:llama",), "fine-tuned from LLaMA")
    found = review.matches(llama)
    assert {"alpaca", "vicuna", "lima", "guanaco"} <= found and "zephyr" not in found and "llama" not in found
    assert review.matches(review.read("datasets with fewer than 20K examples")) == {"lima", "dolly", "guanaco"}
    big = review.matches(review.read("models over 100B parameters"))
    assert {"gpt-3", "palm", "bloom"} <= big and "llama" not in big
    year = review.read("released in 2022")
    assert (
        year.op == "list"
        and review.matches(year)
        and all(review.table.dates[review.table.row[i]].startswith("2022") for i in review.matches(year))
    )
    count = review.read("how many base models are in the review?")
    assert count.op == "count" and len(review.matches(count)) == 14
    assert {"llama", "llama-2", "opt", "lima"} <= review.matches(review.read("works from Meta"))


def test_negation_is_applied_not_dropped_or_inverted(review):
    query = review.read("which assistants were not distilled from an OpenAI model?")
    found = review.matches(query)
    assert {"dolly", "lima", "oasst1"} <= found
    assert not {"alpaca", "vicuna", "koala", "wizardlm"} & found
    apart = review.read("apart from Alpaca, which works used text-davinci-003?")
    assert "alpaca" not in review.matches(apart)
    assert isinstance(apart.where, (Not,)) or "not Alpaca" in apart.where.describe()
    universities = review.matches(review.read("which datasets did not come from a university?"))
    assert "dolly" in universities and "alpaca" not in universities


def test_several_conditions_are_all_kept(review):
    query = review.read("LLaMA-based assistants whose data was generated by GPT-4 and that came out after May 2023")
    reading = query.where.describe()
    assert "LLaMA" in reading and "GPT-4" in reading and "after 2023-05" in reading
    assert {"orca", "tulu"} <= review.matches(query) <= {"orca", "sail", "tulu", "alpaca-gpt4"}
    assert review.matches(review.read("Which models were pretrained on more than 1 trillion tokens?")) >= {
        "llama", "llama-2", "falcon", "chinchilla",
    }  # fmt: skip


def test_dates_and_entries_compared_with(review):
    after = review.read("What came out after LIMA?")
    found = review.matches(after)
    assert "lima" not in found and "zephyr" in found and "alpaca" not in found
    between = review.matches(review.read("Which entries came out between Llama 2 and Zephyr?"))
    assert {"humpback", "mistral-7b", "ultrafeedback"} <= between and "lima" not in between
    half = review.matches(review.read("Which works came out in the second half of 2023?"))
    assert {"llama-2", "zephyr"} <= half and "lima" not in half


@pytest.mark.parametrize(
    "question",
    ["works released June through August 2023", "works from June to August 2023", "works from Jun-Aug 2023",
     "works released June 2023 until August 2023"],
)  # fmt: skip
def test_two_dates_joined_by_a_range_word_are_one_range(review, question):
    assert review.matches(review.read(question)) == {"orca", "tulu", "llama-2", "humpback"}


def test_rankings_and_comparisons_have_a_direction(review):
    smallest = review.read("what is the smallest base model?")
    assert smallest.op == "rank" and smallest.rank and not smallest.rank.descending and smallest.rank.agg == "min"
    earliest = review.read("the earliest alignment work")
    assert earliest.op == "rank" and earliest.rank and earliest.rank.field == "date" and not earliest.rank.descending
    versus = review.read("which has more data, Dolly or OASST1?")
    assert versus.op == "compare" and set(versus.subjects) == {"dolly", "oasst1"}
    assert versus.rank and versus.rank.field == "data_size" and versus.rank.descending
    tally = review.read("Which organization has the most works in the review?")
    assert tally.op == "tally" and tally.tally == "organizations"


def test_a_conversation_resolves_references():
    review = Review()
    conv = Conversation().after(review.read("Tell me about Baize"), focus=("baize",))
    who = review.read("who built it?", conv)
    assert who.op == "lookup" and who.subjects == ("baize",) and who.fields == ("organizations",)
    conv = conv.after(who, focus=("baize",))
    other = review.read("what about Dromedary?", conv)
    assert other.subjects == ("dromedary",) and other.fields == ("organizations",)
    conv = conv.after(other, focus=("dromedary",))
    pair = review.read("which of these two is larger?", conv)
    assert pair.op == "compare" and set(pair.subjects) == {"baize", "dromedary"} and pair.rank is not None
    chain = review.read("who released that model?", Conversation(focus=("alpaca",), linked=("llama",)))
    assert chain.subjects == ("llama",) and chain.fields == ("organizations",)
    its = review.read("who released its base model?", Conversation(focus=("alpaca",)))
    assert its.subjects == ("llama",) and its.fields == ("organizations",)
    narrowed = review.read("which of them used GPT-4 data?", Conversation(results=("alpaca", "orca", "vicuna")))
    assert narrowed.within == ("alpaca", "orca", "vicuna") and review.matches(narrowed) == {"orca"}


def test_an_unrelated_question_after_an_entry_is_not_about_it(review):
    conv = Conversation(focus=("guanaco",))
    query = review.read("Who is the president of France?", conv)
    assert query.subjects == () and query.op in ("missing", "decline", "search")


def test_fusion_strategies():
    dense = {0: 0.9, 1: 0.5, 2: 0.1}
    lexical = {1: 8.0, 2: 1.0}
    assert max(fuse("rrf", dense, lexical).items(), key=lambda kv: kv[1])[0] in (0, 1)
    weighted = fuse("weighted", dense, lexical)
    assert weighted[1] > weighted[2]
    assert fuse("dense", dense, lexical) == dense
    with pytest.raises(ValueError, match="choose one of bm25, dense, rrf, weighted"):
        fuse("magic", dense, lexical)


def test_having_a_field_or_a_part_of_one_at_all(review):
    never = review.matches(review.read("Which general assistants never released their model weights?"))
    assert {"lima", "orca", "humpback"} <= never and not {"vicuna", "koala", "dolly"} & never
    undisclosed = review.matches(review.read("Which base models don't have a disclosed total training-token count?"))
    assert "mistral-7b" in undisclosed and not {"llama", "pythia", "gpt-3"} & undisclosed
    released = review.read("which of those released weights?", Conversation(results=("lima", "vicuna", "orca")))
    assert released.within is not None and review.matches(released) == {"vicuna"}
    smallest = review.read("Which base model has the smallest released checkpoint?")
    assert smallest.op == "rank" and smallest.rank and not smallest.rank.descending


def test_counts_of_values_and_units_shared_by_two_numbers(review):
    several = review.matches(review.read("base models that come in three or more sizes"))
    assert {"llama", "opt", "pythia"} <= several and not {"mistral-7b", "gpt-j"} & several
    both = review.read("Which entries have more than 100K but fewer than 500K training instances?")
    assert {a.field for a in atoms(both.where)} == {"data_size"}
    assert {"tulu", "gpt4all"} <= review.matches(both) and not {"alpaca", "orca", "lima"} & review.matches(both)


def test_a_value_restated_or_excluded_in_parentheses(review):
    strict = review.matches(review.read("Which task collections are fully OK for commercial use (not restricted)?"))
    assert "t0" in strict and "bloomz-mt0" not in strict
    restated = review.matches(
        review.read("How many general assistants are non-commercial (commercial use not allowed)?")
    )
    assert "alpaca" in restated and not {"dolly", "oasst1"} & restated


def test_which_of_them_with_a_description_picks_by_search(review):
    conv = Conversation(results=("natural-instructions", "t0", "bloomz-mt0"), last=review.read("task collections"))
    picked = review.read("Which of them is multilingual?", conv)
    assert picked.op == "search" and picked.within == conv.results
    pair = review.read("Which of the two also released Chinese data?", Conversation(focus=("alpaca", "alpaca-gpt4")))
    assert pair.op == "search" and set(pair.within or ()) == {"alpaca", "alpaca-gpt4"}


def test_a_misspelt_name_with_its_version_is_the_entry_and_another_version_is_not(review):
    assert review.read("lama 2 commerical use ok?").subjects == ("llama-2",)
    assert review.read("licnese of doly 2.0 dataset").subjects == ("dolly",)
    assert review.read("What license does Llama 3 use?").op == "missing"
    assert review.read("orac teacher models?").subjects == ("orca",)  # two letters swapped
    assert review.read("How many parameters does LLaMA 1 have?").subjects == ("llama",)  # the first version


@pytest.mark.parametrize(
    "question",
    [
        "Who trained Falcon 2 and how many tokens did it see?",  # a version the review does not have
        "What data was Alpaca-LoRA trained on?",  # a longer name built on an entry's
        "How many parameters does Pythia-Chat-Base-7B have?",
        "What base model is Zephyr 141B built on?",  # a size the entry does not come in
        "What reward model data was used for Starling-7B?",  # a capitalised word is a name, not a typo
        "When did PaLM 2 come out?",  # a version the text mentions ("near PaLM-2-Large") is still another model
    ],
)
def test_a_name_built_on_an_entrys_is_another_thing(review, question):
    assert review.read(question).op == "missing"


def test_names_with_a_relation_or_a_known_size_stay_the_entry(review):
    assert review.read("Is Alpaca 7B open for commercial use?").subjects == ("alpaca",)
    assert review.read("which models are LLaMA-based?").op == "list"


def test_a_relative_clause_gives_the_field_and_says_the_thing_exists(review):
    clause = review.matches(review.read("Which works generated their data with a model that is not from OpenAI?"))
    assert clause == {"constitutional-ai", "dromedary", "humpback"}
    prefixed = review.matches(review.read("which models were distilled from a non-OpenAI teacher?"))
    assert prefixed == clause
    # negated outside the noun phrase: entries with no teacher at all count
    outside = review.matches(review.read("which works were not trained on OpenAI data?"))
    assert {"t5", "lima", "dromedary"} <= outside and "alpaca" not in outside


def test_neither_nor_takes_any_number_of_alternatives(review):
    found = review.matches(review.read("Which base models are neither from Google nor from Meta nor from EleutherAI?"))
    assert {"bloom", "falcon", "mistral-7b"} <= found and not {"llama", "t5", "pythia"} & found


def test_an_or_between_values_of_one_field_binds_tighter_than_and(review):
    query = review.read("which works are from Meta or Google and released after 2022?")
    found = review.matches(query)
    assert {"llama", "llama-2", "lima"} <= found and not {"opt", "t5", "flan-2021", "flan-collection"} & found


def test_a_relation_survives_an_exclusion_between_it_and_its_value(review):
    other = review.matches(review.read("Which general assistants were fine-tuned from something other than LLaMA?"))
    assert {"dolly", "lamini-lm"} <= other and not {"alpaca", "vicuna"} & other
    postfix = review.matches(review.read("Which ChatGPT-distilled entries are not LLaMA-based?"))
    assert postfix == {"lamini-lm", "ultrafeedback", "zephyr"}  # the last two: Llama 2 and Mistral
    generated = review.read("Which LLaMA fine-tunes did not use any ChatGPT-generated data?")
    assert {a.field for a in atoms(generated.where)} == {"base_models", "teacher"}
    # the relation holds, of another value: works with no base model at all are not "from something other than"
    assert not {"t5", "gpt-3", "llama"} & review.matches(review.read("works built on a base model other than LLaMA"))


def test_names_excluded_from_the_set_asked_are_the_entries_not_the_works_related_to_them(review):
    # "base models" names the set asked; the names after "apart from" are members of it, left out
    found = review.matches(review.read("2023 base models apart from LLaMA and Llama 2"))
    assert {"falcon", "mistral-7b", "mpt-7b"} <= found and not {"llama", "llama-2", "pythia"} & found
    # a list written with commas or a slash is left out whole, not only its first name
    listed = review.matches(review.read("commercially usable task collections apart from the T0 / P3 one"))
    assert "t0" not in listed and {"flan-collection", "super-natural-instructions"} <= listed
    several = review.read("general assistants other than Alpaca, Vicuna and Koala")
    assert several.op == "list" and not several.subjects
    assert not {"alpaca", "vicuna", "koala"} & review.matches(several) and "dolly" in review.matches(several)


def test_a_fronted_exclusion_leaves_the_question_after_its_comma_intact(review):
    found = review.matches(review.read("Other than GPT-4-LLM itself, which works reuse the Alpaca-GPT4 data?"))
    assert {"sail", "tulu"} <= found and "alpaca-gpt4" not in found


def test_a_common_misspelling_of_a_profile_word_is_corrected(review):
    query = review.read("dolly commerical use ok?")
    assert query.subjects == ("dolly",) and query.fields == ("commercial_use",)


def test_a_condition_picks_among_the_entries_named_first(review):
    query = review.read("Of LIMA, Dolly, Alpaca, Guanaco and WizardLM, which used fewer than 20K training examples?")
    assert query.op == "list" and set(query.within or ()) == {"lima", "dolly", "alpaca", "guanaco", "wizardlm"}
    assert review.matches(query) == {"lima", "dolly", "guanaco"}
    assert review.read("which is larger, LIMA or Alpaca?").op == "compare"


def test_is_there_asks_for_the_entries_that_meet_the_conditions(review):
    query = review.read("Is there a model tuned on ChatGPT outputs that isn't built on LLaMA?")
    assert query.op == "list" and review.matches(query) == {"lamini-lm", "ultrafeedback", "zephyr"}


def test_time_between_two_entries_compares_their_dates(review):
    for question in (
        "How much time passed between GPT-3 and InstructGPT?",
        "Was LIMA released before or after Alpaca?",
    ):
        query = review.read(question)
        assert query.op == "compare" and query.rank is not None and query.rank.field == "date", question
    assert review.read("which works came out between GPT-3 and InstructGPT?").op == "list"


def test_they_after_a_field_of_names_means_those_names(review):
    asked = review.read("which organization is behind Constitutional AI?")
    conv = Conversation().after(asked, ("constitutional-ai",))
    query = review.read("what other work by them is in the review?", conv)
    assert review.matches(query) == {"hh-rlhf"}


def test_a_bare_that_is_what_the_last_answer_named_unless_it_lacks_the_field(review):
    asked = review.read("what is Dolly's base model?")
    conv = Conversation().after(asked, ("dolly",), linked=("pythia",))
    assert review.read("who made that?", conv).subjects == ("pythia",)
    assert review.read("who made it?", conv).subjects == ("dolly",)
    # LLaMA records no teacher, Koala does: "that" is Koala's data
    based = Conversation().after(review.read("what is Koala's base model?"), ("koala",), linked=("llama",))
    assert review.read("which model generated that?", based).subjects == ("koala",)


def test_a_word_after_what_it_leaves_out_negates_it(review):
    found = review.matches(review.read("Setting the base models aside, which entries are from Meta?"))
    assert {"lima", "humpback"} <= found and not {"llama", "opt", "llama-2"} & found


def test_two_words_of_one_part_are_one_noun_for_emptiness(review):
    query = review.read("Which works have no code repository linked?")
    assert any(a.op == "empty" and a.field == "links" for a in atoms(query.where))


def test_the_two_after_a_list_of_two_and_another_after_one_entry(review):
    listed = Conversation(results=("lima", "alpaca"), last=review.read("which works used 1,000 examples or 52K?"))
    query = review.read("Which of the two is from Meta?", listed)
    assert set(query.within or ()) == {"lima", "alpaca"} and review.matches(query) == {"lima"}
    about = Conversation().after(review.read("who made LLaMA?"), ("llama",))
    others = review.matches(review.read("Is there any other work from Meta?", about))
    assert "llama" not in others and {"opt", "lima"} <= others


def test_a_word_opening_the_turn_does_not_hide_a_yes_no_question(review):
    conv = Conversation().after(review.read("what license does Dolly use?"), ("dolly",))
    for question in ("can I put it in a commercial product?", "is it from Databricks?"):
        plain = review.read(question, conv)
        opened = review.read("So " + question, conv)
        assert (opened.op, opened.subjects, opened.fields) == (plain.op, plain.subjects, plain.fields), question


def test_asking_for_options_lists_everything_that_fits(review):
    query = review.read(
        "I need an assistant trained on human-written data that I can use commercially. What are my options?"
    )
    assert query.op == "list" and "dolly" in review.matches(query)


def test_a_category_word_said_of_a_set_names_the_category(review):
    modifier = next(iter(review.lexicon._modifiers), None)
    if modifier is None:
        pytest.skip("the shipped profile has no one-word category modifier")
    cat = review.lexicon._modifiers[modifier]
    conv = Conversation(results=tuple(review.table.ids[:10]), last=review.read("which works are there?"))
    query = review.read(f"Of those, which are {modifier}?", conv)
    assert query.op == "list" and any(cat in a.values for a in atoms(query.where)), query


def test_that_before_a_noun_is_what_the_last_answer_named(review):
    conv = Conversation().after(
        review.read("Which model family is Dolly fine-tuned from?"), ("dolly",), linked=("pythia",)
    )
    assert review.read("Who trained that family, and on how many tokens?", conv).subjects == ("pythia",)
    data = Conversation().after(review.read("Whose data did SAIL reuse?"), ("sail",), linked=("alpaca-gpt4",))
    assert review.read("And which model wrote the responses in that data?", data).subjects == ("alpaca-gpt4",)


def test_a_version_of_an_entry_is_an_entry_built_on_it(review):
    conv = Conversation().after(review.read("What is BLOOM?"), ("bloom",))
    query = review.read("Is there an instruction-tuned version of it in the review?", conv)
    assert query.op == "list" and review.matches(query) == {"bloomz-mt0"}


def test_the_same_amount_as_another_entry(review):
    query = review.read("Which other model was trained on the same number of tokens as Chinchilla?")
    assert review.matches(query) == {"llama"}


def test_a_number_before_of_and_a_count_noun_after_a_field_count_nothing(review):
    cmu = review.matches(review.read("Which entries have Carnegie Mellon University as one of the organizations?"))
    assert {"vicuna", "dromedary", "lima"} <= cmu
    assert review.read("Which base models don't have a disclosed total training-token count?").op == "list"


def test_a_field_of_a_named_entry_is_no_set_of_that_category(review):
    for question in ("What is the base model of Vicuna?", "what are the base models of Vicuna?"):
        query = review.read(question)
        assert query.op == "lookup" and query.subjects == ("vicuna",) and query.fields == ("base_models",)


def test_what_a_method_gets_rid_of_is_answered_from_its_text(review):
    assert review.read("What does DPO get rid of compared with standard RLHF?").op == "text"


def test_categories_joined_by_and_or_are_their_union_and_stacked_ones_narrow(review):
    joined = review.matches(review.read("Which base models or task collections are from Google?"))
    assert {"t5", "palm", "flan-2021"} <= joined
    stacked = review.read("Which assistant fine-tune used the smallest training set?")
    assert "general-assistant" in {v for a in atoms(stacked.where) for v in a.values}


def test_a_common_word_in_capitals_is_no_name(review):
    query = review.read("EleutherAI models that are OK to use commercially?")
    assert query.op == "list" and {"gpt-j", "pythia"} <= review.matches(query)


def test_else_and_are_there_ask_for_sets_and_names_in_them_are_conditions(review):
    other = review.read("Apart from the original 2021 FLAN paper, what else in the review is from Google Research?")
    assert other.op == "list" and review.matches(other) == {"t5", "palm", "flan-collection"}
    there = review.read("Are there assistant models in the review that are not built on any LLaMA at all?")
    assert there.op == "list" and review.matches(there) == {"self-instruct", "dolly", "lamini-lm"}
    besides = review.read("Except for GPT-4-LLM, which works used GPT-4 outputs as training data for an assistant?")
    assert "alpaca-gpt4" not in review.matches(besides) and "orca" in review.matches(besides)


def test_that_organization_means_the_makers_just_named(review):
    conv = Conversation().after(review.read("who made Orca?"), ("orca",))
    found = review.matches(review.read("what else did that organization put out in the review?", conv))
    assert found == {"alpaca-gpt4", "wizardlm"}
    asked = review.read("what model did they fine-tune?", conv)
    assert asked.subjects == ("orca",) and asked.fields == ("base_models",)


def test_pronouns_inside_a_phrase_and_after_a_preposition(review):
    vicuna = Conversation().after(review.read("how big is Vicuna?"), ("vicuna",))
    assert review.read("and what did they train it on?", vicuna).fields == ("data_sources",)
    guanaco = Conversation().after(review.read("what data was Guanaco trained on?"), ("guanaco",), linked=("oasst1",))
    assert review.read("how many messages does that have?", guanaco).subjects == ("oasst1",)
    feedback = Conversation().after(review.read("What is UltraFeedback?"), ("ultrafeedback",))
    assert review.matches(review.read("Which model in the review was trained with DPO on it?", feedback)) == {"zephyr"}


def test_or_between_two_words_of_one_field_joins_no_conditions(review):
    query = review.read("Which works used GPT-4 as a teacher or annotator and also drew on FLAN data?")
    assert "ultrafeedback" in review.matches(query) and "alpaca-gpt4" not in review.matches(query)


def test_a_relation_written_after_the_name(review):
    query = review.read("Except for Vicuna, which works list LLaMA 33B as a base model?")
    assert review.matches(query) == {"baize", "guanaco", "humpback", "oasst1", "tulu", "wizardlm"}


def test_how_many_more_compares_in_the_unit_asked(review):
    query = review.read("How many more tasks does the Flan Collection have than Super-NaturalInstructions?")
    assert query.op == "compare" and query.rank is not None and query.rank.units == ("tasks",)
    pair = Conversation(focus=("natural-instructions", "super-natural-instructions"), last=review.read("compare them"))
    ranked = review.read("Which one has more tasks?", pair)
    assert ranked.rank is not None and ranked.rank.units == ("tasks",)


def test_both_with_a_relation_checks_the_pair_and_the_second_is_the_second_named(review):
    compared = review.read("LIMA vs Dromedary")
    conv = Conversation().after(compared, ("lima", "dromedary"))
    both = review.read("do both use LLaMA 65B?", conv)
    # a yes/no question of the two: the condition verified of each of them
    assert both.op == "verify" and set(both.subjects) == {"lima", "dromedary"}
    assert {"lima", "dromedary"} <= review.matches(both)
    after = Conversation().after(both, ("lima", "dromedary"), results=("dromedary", "lima"))
    assert review.read("who made the second one?", after).subjects == ("dromedary",)


def test_an_english_word_before_a_number_is_no_unknown_name(review):
    assert review.read("EleutherAI's suite that publishes 154 intermediate checkpoints per model").op != "missing"


def test_and_the_other_superlative_ranks_the_same_entries(review):
    first = review.read(
        "Which of those is the oldest?",
        Conversation(results=("t5", "llama", "opt"), last=review.read("which works are from Meta or Google?")),
    )
    conv = Conversation().after(first, ("t5",), results=("t5", "opt", "llama"))
    again = review.read("and the newest?", conv)
    assert again.op == "rank" and again.rank is not None and again.rank.descending
    assert set(again.within or ()) == {"t5", "llama", "opt"}


def test_it_after_a_base_model_was_named_means_it_when_only_it_records_the_field(review):
    conv = Conversation().after(review.read("Which model does Dolly 2.0 build on?"), ("dolly",), linked=("pythia",))
    assert review.read("How many tokens was it trained on?", conv).subjects == ("pythia",)
    assert review.read("who made it?", conv).subjects == ("dolly",)  # both record it: the entry talked about


def test_an_amount_written_without_a_comparison_selects_that_amount(review):
    assert review.matches(review.read("which works used 1,000 examples?")) == {"lima"}
    assert review.matches(review.read("which base models were pretrained on 1T tokens?")) == {"t5", "mpt-7b"}


def test_an_or_before_conditions_side_by_side_binds_first(review):
    query = review.read("Meta or EleutherAI base models pretrained on more than 1T tokens")
    assert review.matches(query) == {"llama", "llama-2"}


def test_a_value_conceded_with_even_widens_the_condition(review):
    query = review.read("Which base models released in 2023 allow commercial use, even with conditions?")
    assert {"falcon", "llama-2", "mistral-7b", "mpt-7b"} <= review.matches(query)


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("How many parameters does GPT-4 have?", "GPT-4"),
        ("what license does ChatGPT use?", "ChatGPT"),
        ("what is GPT-4's license?", "GPT-4"),
        ("Which sizes does Code Llama come in?", "Code Llama"),
    ],
)
def test_a_field_asked_of_what_has_no_entry_is_declined(review, question, name):
    query = review.read(question)
    assert query.op == "missing" and query.missing == name


def test_a_value_with_its_own_relation_still_selects_entries(review):
    assert review.read("what data did GPT-4 generate?").op == "list"
    assert review.read("Tell me about Stanford Alpaca").subjects == ("alpaca",)


def test_the_field_named_like_a_category_after_an_entry_is_its_field(review):
    conv = Conversation().after(review.read("Show me StackLLaMA"), ("stackllama",))
    for question in ("what's the base model?", "and the base model?"):
        query = review.read(question, conv)
        assert query.op == "lookup" and query.subjects == ("stackllama",) and query.fields == ("base_models",)


def test_a_list_of_one_is_the_entry_the_next_question_asks_about(review):
    listed = review.read("which work in the review applied DPO to a Mistral model?")
    conv = Conversation().after(listed, ("zephyr",), results=("zephyr",))
    query = review.read("what preference data did they use?", conv)
    assert query.op == "lookup" and query.subjects == ("zephyr",)


def test_by_how_much_repeats_the_comparison_and_which_way_is_no_yes_no(review):
    compared = review.read("is alpaca bigger than vicuna?")
    assert compared.op == "compare" and compared.yes_no
    again = review.read("by how much?", Conversation().after(compared, ("alpaca", "vicuna")))
    assert again.op == "compare" and again.rank == compared.rank and not again.yes_no
    assert not review.read("Was OPT pretrained on more or fewer tokens than GPT-3?").yes_no


def test_a_number_of_something_no_field_measures_is_no_condition(review):
    query = review.read("crowd-sourced assistant chats from over 13,500 volunteers in 35 languages")
    assert not [a for a in atoms(query.where) if a.field == "model_sizes_b"]


def test_an_organisation_asked_about_lists_its_entries(review):
    query = review.read("what has eleutherai released that's in the review?")
    assert query.op == "list" and review.matches(query) == {"gpt-j", "gpt-neox-20b", "pythia"}


@pytest.mark.parametrize("question", ["Falcon2 sizes?", "who made Falcon3?"])
def test_a_version_number_glued_to_a_name_is_another_model(review, question):
    query = review.read(question)
    assert query.op == "missing" and query.missing.lower().startswith("falcon")


def test_a_glued_spelling_of_an_entry_name_is_still_the_entry(review):
    assert review.read("what license does llama2 use?").subjects == ("llama-2",)
    assert review.read("tell me about gpt3").subjects == ("gpt-3",)


def test_its_after_a_base_model_was_named_goes_on_about_the_entry(review):
    conv = Conversation().after(review.read("What base model did Orca use?"), ("orca",), linked=("llama",))
    assert review.read("and its license?", conv).subjects == ("orca",)


def test_a_count_before_a_plural_field_phrase_counts_the_entrys_values(review, fake_assistant):
    query = review.read("How many organizations are behind Self-Instruct?")
    assert query.op == "lookup" and query.fields == ("organizations",) and query.counted == "organizations"
    assert (
        "has 5 organizations recorded" in fake_assistant.ask("How many organizations are behind Self-Instruct?").answer
    )
    assert "has 8 sizes recorded" in fake_assistant.ask("how many sizes does Pythia come in?").answer
    # a unit asks an amount, not how many values: "how many parameters" is the sizes themselves
    assert review.read("how many parameters does LLaMA have?").counted is None
    assert review.read("how many tokens was LLaMA trained on?").counted is None


def test_which_field_right_after_an_entry_asks_that_field_of_it(review):
    conv = Conversation().after(review.read("Tell me about Dolly 2.0"), focus=("dolly",))
    query = review.read("which base model?", conv)
    assert query.op == "lookup" and query.subjects == ("dolly",) and query.fields == ("base_models",)


def test_both_before_two_names_joins_them_and_refers_to_nothing(second):
    query = second.read("models that use both BFD and UniRef data")
    assert query.within is None and second.matches(query) == {"prott5", "progen2"}


def test_the_other_member_of_a_category_after_one_entry_is_the_rest_of_the_review(second):
    conv = Conversation().after(second.read("tell me about TAPE"), focus=("tape",))
    query = second.read("and the other benchmark in the review?", conv)
    assert query.within is None and second.matches(query) == {"proteingym"}


def test_which_one_after_two_were_compared_chooses_between_them(second):
    conv = Conversation().after(second.read("ProtBERT vs ProtT5"), focus=("protbert", "prott5"))
    query = second.read("which one is the encoder-decoder?", conv)
    assert second.matches(query) == {"prott5"}


def test_a_value_asked_about_with_its_own_noun_is_declined(second):
    query = second.read("When was the MGnify database first released?")
    assert query.op == "missing" and query.missing == "MGnify"


def test_a_name_the_entries_prose_only_mentions_is_declined_when_asked_about(second):
    query = second.read("How many parameters does AlphaFold2 have?")
    assert query.op == "missing" and query.missing == "AlphaFold2"
    # named beside an entry, it is a word of the question about that entry
    assert second.read("What did ESMFold score on CASP14?").subjects == ("esmfold",)


def test_an_exclusion_after_a_relation_that_has_its_value_leaves_the_entry_out(review):
    found = review.matches(review.read("Pythia fine-tunes besides Dolly?"))
    assert found == {"oasst1", "dpo"}


def test_a_season_and_months_that_borrow_the_year_before_them(review):
    assert review.matches(review.read("What came out in summer 2023 (June to August)?")) == {
        "orca", "tulu", "llama-2", "humpback"
    }  # fmt: skip


def test_a_number_an_entry_does_not_come_in_is_no_size_of_it(review):
    found = review.matches(review.read("Apart from Alpaca itself, which works reused the 52K Alpaca instructions?"))
    assert {"alpaca-gpt4", "koala", "lamini-lm"} <= found and "alpaca" not in found


def test_the_other_one_after_an_answer_about_two_is_the_one_not_put_first(second):
    conv = Conversation().after(second.read("ProtGPT2 vs RITA"), focus=("protgpt2", "rita"))
    conv = conv.after(second.read("which was released first?", conv), focus=("protgpt2", "rita"))
    assert second.read("who built the other one?", conv).subjects == ("rita",)


def test_the_other_one_after_picking_one_of_a_listed_two_is_the_one_not_picked(second):
    listed = second.read("List the structure prediction models.")
    conv = Conversation().after(listed, results=("esmfold", "omegafold"))
    picked = second.read("Which of them was made by HeliXon?", conv)
    conv = conv.after(picked, focus=("omegafold",), results=("esmfold", "omegafold"))
    assert second.read("and the other one, who made it?", conv).subjects == ("esmfold",)


def test_a_set_question_with_nothing_to_narrow_it_and_words_of_its_own_is_a_search(review):
    query = review.read("the suite of 16 models all trained on the same data in the same order, with 154 checkpoints")
    assert query.op == "search"
    assert review.read("list all works").op == "list"


def test_a_difference_between_two_entries_compares_them_not_a_range_of_dates(review):
    query = review.read("whats the diffrence in data size between LIMA and alpaca")
    assert query.op == "compare" and set(query.subjects) == {"lima", "alpaca"} and "data_size" in query.fields
    assert review.read("which works came out between LIMA and Alpaca").op == "list"


def test_its_in_a_question_for_other_works_makes_the_entry_a_value(review):
    conv = Conversation().after(review.read("Who made OASST1?"), focus=("oasst1",))
    found = review.matches(review.read("which other works in the review trained on its data?", conv))
    assert {"guanaco", "tulu", "humpback"} <= found and "oasst1" not in found


def test_a_part_then_a_negated_verb_of_release_means_it_is_empty(review):
    never = review.matches(review.read("base models whose weights were never made public"))
    assert {"gpt-3", "palm", "chinchilla"} <= never and not {"llama", "opt", "bloom"} & never
    neither = review.matches(review.read("Which assistants released neither weights nor data?"))
    assert {"orca", "humpback"} <= neither and not {"alpaca", "vicuna", "dolly"} & neither
    hidden = review.matches(review.read("which models have weights that are not public"))
    assert "gpt-3" in hidden and "llama" not in hidden


def test_the_noun_asked_for_decides_the_field_over_the_verb(review):
    conv = Conversation().after(review.read("What's Guanaco"), focus=("guanaco",))
    assert review.read("what dataset did they tune on?", conv).fields == ("data_sources",)
    assert review.read("which model did Alpaca fine-tune?").fields == ("base_models",)


def test_licence_families_follow_the_records(review):
    found = review.matches(review.read("Meta base models that are under a non-commercial license"))
    assert found == {"llama", "opt"}  # Llama 2's community license allows commercial use, with conditions


def test_one_negation_over_listed_parts_empties_each(second):
    found = second.matches(second.read("which generative model never had its code or weights released?"))
    assert found == {"progen"}


def test_a_phrase_after_an_ambiguous_verb_says_which_field_and_a_spelling_of_a_value_names_its_entry(second):
    conv = Conversation().after(second.read("what's BFD?"), focus=("bfd",))
    query = second.read("which models used it for training?", conv)
    assert {a.field for a in atoms(query.where)} >= {"training_data"}
    assert {"prott5", "progen2"} <= second.matches(query)  # ProGen2 records "BFD30", "BFD90"


def test_an_acronym_the_review_never_writes_named_by_a_category_word_is_declined(second):
    assert second.read("What tasks are in the PEER benchmark?").op == "missing"
    assert second.read("which is the DMS benchmark").op != "missing"  # the entries write "DMS"


def test_a_later_work_that_reused_the_entry_referred_to(review, fake_assistant):
    conv = Conversation().after(review.read("Tell me about Self-Instruct"), focus=("self-instruct",))
    query = review.read("Which later project reused its seed tasks but generated with text-davinci-003?", conv)
    found = review.matches(query)
    assert "alpaca" in found and "self-instruct" not in found
    # searched as a description too, the entry left out is never among the answers
    assert "self-instruct" not in [r["id"] for r in fake_assistant.ask(query.question, conversation=conv).records]


def test_a_negating_verb_with_its_object_inside_it(review):
    found = review.matches(review.read("Leaving OpenAI out, whose base models went above 100B parameters?"))
    assert {"palm", "bloom", "opt"} <= found and "gpt-3" not in found


def test_a_license_group_holds_per_part(second):
    query = second.read("autoregressive protein generators released in 2022 with permissively licensed weights")
    assert second.matches(query) == {"protgpt2", "progen2"}


def test_a_negating_verb_or_a_value_of_the_same_field(second):
    found = second.matches(second.read("Apart from ESM3, which models forbid or restrict commercial use?"))
    assert {"ankh", "unirep"} <= found and not {"esm3", "esm-2", "protgpt2"} & found


def test_a_capitalised_everyday_word_before_a_noun_is_no_name(second):
    assert second.read("the GPT-2 style protein generator from a German university").op != "missing"


def test_quarters_of_a_year_and_which_one_after_and(review):
    found = review.matches(review.read("instruction datasets from the first quarter of 2023"))
    assert {"alpaca", "vicuna"} <= found and not {"dolly", "oasst1"} & found
    conv = Conversation().after(review.read("Compare LIMA and Guanaco."), focus=("lima", "guanaco"))
    assert review.matches(review.read("And which one came from Meta?", conv)) == {"lima"}


def test_which_is_the_newest_after_a_list_ranks_its_entries(review):
    listed = review.read("Which base models come from EleutherAI?")
    conv = Conversation().after(listed, results=("gpt-j", "gpt-neox-20b", "pythia"))
    query = review.read("which is the newest?", conv)
    assert query.op == "rank" and query.rank is not None and query.rank.field == "date" and query.rank.descending
    assert review.read("who is the oldest person alive?").op != "rank"


def test_a_name_after_a_preposition_right_after_the_set_noun_selects_by_it(review):
    found = review.matches(review.read("Works on LLaMA 65B that aren't from Meta"))
    assert {"dromedary", "guanaco", "tulu", "ultrachat"} <= found and not {"lima", "humpback", "llama"} & found


def test_a_bound_on_every_value_of_an_entry(review):
    found = review.matches(review.read("Which base models stay under 10B parameters in every released size?"))
    assert {"gpt-j", "mistral-7b", "mpt-7b"} <= found and not {"pythia", "llama", "falcon", "t5"} & found


def test_a_relation_reaches_past_a_kind_of_and_a_part_after_its_field(second, review):
    found = second.matches(second.read("which decoder-only models were trained on some flavour of UniRef?"))
    assert {"progen2", "protgpt2", "rita"} <= found and not {"esm-2", "esm-1b"} & found
    unlicensed = second.matches(second.read("decoder models with no stated license for the weights"))
    assert {"progen", "rita"} <= unlicensed and not {"progen2", "protgpt2"} & unlicensed
    # but "the largest version of that" is that entry's own largest size
    conv = Conversation().after(review.read("dolly 2.0 base model?"), focus=("dolly",), linked=("pythia",))
    assert review.read("how many params does the largest version of that have?", conv).subjects == ("pythia",)


def test_a_group_word_inside_the_field_asked_selects_that_group(review):
    found = review.matches(review.read("Which university groups fine-tuned LLaMA 13B?"))
    assert {"vicuna", "koala", "baize"} <= found and "orca" not in found
    assert review.read("which university made LLaMA?").subjects == ("llama",)


def test_follow_ups_that_name_nothing(second, review):
    conv = Conversation().after(second.read("What is UniRep?"), focus=("unirep",))
    query = second.read("can the weights be used commercially?", conv)
    assert query.op == "verify" and query.subjects == ("unirep",)
    listed = Conversation().after(second.read("List the datasets"), results=("bfd", "uniref"))
    picked = second.read("which one does AlphaFold search when building alignments?", listed)
    assert picked.op == "search" and set(picked.within or ()) == {"bfd", "uniref"}
    owned = Conversation().after(review.read("Tell me about LaMini-LM"), focus=("lamini-lm",))
    license_of = review.read("and the license of its models?", owned)
    assert license_of.op == "lookup" and license_of.subjects == ("lamini-lm",) and license_of.fields == ("license",)


def test_after_blind_n(review):
    assert review.read("who mad dolly 2").subjects == ("dolly",)  # "2" is "2.0"
    available = review.matches(review.read("Which base models from 2022 made their weights available?"))
    assert {"bloom", "gpt-neox-20b", "opt"} <= available and not {"chinchilla", "palm"} & available
    untold = review.matches(review.read("For which base models is the total pretraining token count not given?"))
    assert "mistral-7b" in untold and not {"llama", "falcon"} & untold
    assert review.matches(review.read("which work applies DPO to a Mistral base model?")) == {"zephyr"}
    assert review.matches(review.read("University of Washington works that involve LLaMA")) == {"guanaco", "tulu"}


def test_a_word_joined_to_a_phrase_shares_its_head(review):
    query = review.read(
        "Which instruction or preference datasets were written entirely by people and also permit commercial use?"
    )
    assert query.op == "list" and {"dolly", "oasst1", "hh-rlhf"} <= review.matches(query)


@pytest.mark.parametrize(
    ("rid", "later", "earlier"),
    [
        ("natural-instructions", "super-natural-instructions", None),
        ("super-natural-instructions", None, "natural-instructions"),
        ("llama", "llama-2", None),
        ("flan-collection", None, "flan-2021"),
        ("falcon", None, None),
    ],
)
def test_versions_follow_the_line_of_names_in_time(review, rid, later, earlier):
    assert review.table.version(rid, later=True) == later
    assert review.table.version(rid, later=False) == earlier


def test_version_numbers_rise_and_siblings_are_no_successors(second):
    assert second.table.version("esm-1b", later=True) == "esm-2"  # not ESM-1v, its sibling of the same number
    assert second.table.version("progen2", later=False) == "progen"


@pytest.mark.parametrize(
    ("question", "focus", "subject"),
    [
        ("what's its successor?", ("natural-instructions",), "super-natural-instructions"),
        ("Is there a successor to it in the review?", ("natural-instructions",), "super-natural-instructions"),
        ("and its successor, how big does the largest version get", ("llama",), "llama-2"),
        ("what was the earlier version called?", ("flan-collection",), "flan-2021"),
        ("what is the successor of LLaMA?", (), "llama-2"),
        ("what's Llama 2's predecessor?", (), "llama"),
    ],
)
def test_a_successor_or_predecessor_stands_for_that_version(review, question, focus, subject):
    query = review.read(question, Conversation(recent=focus, focus=focus))
    assert query.subjects == (subject,), query
    assert any("version of" in n for n in query.notes)


def test_no_other_version_is_said_not_answered_with_the_entry(review):
    query = review.read("what is Falcon's successor?")
    assert query.op == "missing" and query.missing == "a later version of Falcon"


def test_that_before_same_is_a_determiner_not_the_entry(second):
    conv = Conversation(recent=("omegafold",), focus=("omegafold",), fields=("date",))
    query = second.read("was anything else released that same month?", conv)
    assert "uses" not in query.where.describe()
    assert second.matches(query) == {"esm-2", "esmfold"}


@pytest.mark.parametrize(
    ("question", "subject", "field"),
    [
        ("whats the base model of alpaca", "alpaca", "base_models"),  # "whats" is "what is"
        ("what's the paper title for Alpaca", "alpaca", "paper"),  # a noun run into the field, "for" the entry
    ],
)
def test_the_field_of_a_named_entry(review, question, subject, field):
    query = review.read(question)
    assert query.op == "lookup" and query.subjects == (subject,) and field in query.fields, query


def test_a_bare_noun_with_a_clause_is_a_set_and_a_one_field_phrase_relates_firmly(review):
    query = review.read("2023 alignment work that did not start from a LLaMA checkpoint?")
    assert query.op == "list", query
    assert "not fine-tuned from LLaMA" in query.where.describe()
    assert {"dpo", "zephyr"} <= review.matches(query) and "stackllama" not in review.matches(query)


@pytest.mark.parametrize(
    "question",
    ["What does LIMA show about how much data alignment really needs?", "What does InstructGPT do differently?"],
)
def test_what_a_named_work_showed_or_did_is_answered_from_its_text(review, question):
    assert review.read(question).op == "text"


def test_a_description_written_as_a_statement_may_fall_back_to_search(review):
    described = review.read("a family of small distilled models from 61M to 1.5B parameters trained on 2.58M pairs")
    assert described.op == "list" and described.or_search
    assert not review.read("which models came out in 2025?").or_search
    assert not review.read("models from 2025").or_search  # too short to describe one entry


@pytest.mark.parametrize(
    ("question", "left_out", "kept"),
    [
        ("base models from 2023, excluding the LLaMA family", {"llama", "llama-2", "pythia"}, {"falcon", "mistral-7b"}),
        (
            "Leaving the Flan papers aside, what Google Research work is in the review?",
            {"flan-2021", "flan-collection"},
            {"t5", "palm"},
        ),
        ("which base models are not LLaMA models?", {"llama", "llama-2"}, {"falcon", "t5"}),
    ],
)
def test_a_name_left_out_with_its_family_leaves_out_its_versions(review, question, left_out, kept):
    found = review.matches(review.read(question))
    assert kept <= found and not left_out & found


def test_a_name_with_a_plural_noun_still_means_its_users_when_not_left_out(review):
    assert "alpaca" in review.matches(review.read("which LLaMA models are there?"))


def test_a_part_of_the_year_borrows_the_one_year_written(review):
    query = review.read("Which works appeared in 2023 but not in the first half of the year?")
    found = review.matches(query)
    assert {"llama-2", "zephyr"} <= found and not {"lima", "llama", "orca"} & found


def test_that_one_after_a_list_is_the_entry_it_put_first(review):
    listed = Query("list", "what came after it from the same group?")
    conv = Conversation(
        recent=("natural-instructions",),
        focus=("natural-instructions",),
        results=("super-natural-instructions", "self-instruct"),
        last=listed,
    )
    assert review.read("how many tasks does that one have?", conv).subjects == ("super-natural-instructions",)


def test_words_people_use_for_the_fine_tuning_data_ask_for_the_data_sources(review):
    assert "data_sources" in review.read("what was Zephyr's SFT data?").fields


def test_an_acronym_of_a_family_with_a_new_letter_is_another_model(second):
    query = second.read("How many parameters does ESM C have?")
    assert query.op == "missing" and query.missing == "ESM C"
    assert second.read("how big is ESM 2").subjects == ("esm-2",)


def test_what_about_another_entry_after_a_yes_no_question_asks_it_again(review):
    first = review.read("Is Alpaca usable commercially?")
    conv = Conversation(recent=("alpaca",), focus=("alpaca",), last=first)
    again = review.read("What about Dolly?", conv)
    assert again.op == "verify" and again.subjects == ("dolly",) and again.where == first.where


def test_why_is_that_asks_the_reason_for_the_last_answer(review):
    last = review.read("can GPT4All be used commercially?")
    conv = Conversation(recent=("gpt4all",), focus=("gpt4all",), fields=last.fields, last=last)
    why = review.read("why is that?", conv)
    assert why.op == "text" and why.subjects == ("gpt4all",) and "commercially" in why.question


def test_a_thing_in_general_is_no_missing_name(review):
    assert review.read("How big was the reward model's training set?").op != "missing"


def test_a_name_with_an_untagged_noun_of_relation_relates_by_its_verb(review):
    query = review.read("Excluding LLaMA derivatives, which models come in a 7B size?")
    assert "not fine-tuned from LLaMA" in query.where.describe()


def test_no_downloadable_weights_is_an_empty_weights_part(review):
    found = review.matches(review.read("Which base models have no publicly downloadable weights?"))
    assert {"gpt-3", "chinchilla", "palm"} <= found and not {"llama", "pythia", "t5"} & found


def test_a_search_or_single_match_asking_for_a_finding_quotes_the_text(review):
    assert review.read("What's the main finding behind the 'superficial alignment hypothesis' paper?").explain
    assert review.read("What was the main conclusion of the compute-optimal scaling study by DeepMind?").explain


def test_a_comparative_of_a_field_measured_by_a_number_compares_that_number(second):
    query = second.read("Did SaProt use a bigger training set than ProstT5?")
    assert query.op == "compare" and query.rank is not None and query.rank.field == "training_size"


def test_money_is_no_amount_of_data(review):
    query = review.read("the chatbot trained for about $300 on ~70K ShareGPT conversations")
    assert "300" not in query.where.describe() and "70K" in query.where.describe()


def test_an_inherited_field_takes_the_values_of_the_base_models_for_conditions(review):
    found = review.matches(review.read("Which task-collection works fine-tuned an 11B T5-style model?"))
    assert {"t0", "super-natural-instructions", "unnatural-instructions", "flan-collection"} <= found
    assert review.table.entries[review.table.row["t0"]].architecture is None  # the record itself is unchanged


@pytest.mark.parametrize(
    "question",
    [
        "Which alignment methods work without training a separate reward model?",
        "Which feedback/alignment methods don't involve reinforcement learning?",
    ],
)
def test_groups_of_methods_in_the_profile_make_conditions(review, question):
    found = review.matches(review.read(question))
    assert {"dpo", "zephyr"} <= found and not {"instructgpt", "hh-rlhf", "ultrafeedback", "stackllama"} & found


@pytest.mark.parametrize(
    ("question", "subject"),
    [("who made dolyy", "dolly"), ("flan colection num tasks", "flan-collection"), ("who made orac", "orca")],
)
def test_one_slip_in_a_name_still_names_the_entry(review, question, subject):
    assert review.read(question).subjects == (subject,)


def test_a_missing_version_asked_about_in_the_possessive_is_declined(review):
    query = review.read("Which preference data was used for Tulu 2's DPO training?")
    assert query.op == "missing" and query.missing == "Tulu 2"


def test_that_group_is_the_makers_of_the_entry_in_focus(review):
    last = review.read("what is GPT-J's license?")
    conv = Conversation(recent=("gpt-j",), focus=("gpt-j",), fields=last.fields, last=last)
    query = review.read("What other base models did that group release?", conv)
    assert review.matches(query) == {"gpt-neox-20b", "pythia"}


def test_the_authors_refer_to_the_entry_in_focus(review):
    last = review.read("what is Dromedary fine-tuned from?")
    conv = Conversation(recent=("dromedary",), focus=("dromedary",), fields=last.fields, last=last)
    assert review.read("how many principles did the authors write?", conv).subjects == ("dromedary",)


def test_a_yes_no_question_with_a_field_asks_the_field_whatever_else_it_says(second):
    conv = Conversation(recent=("esm-1b",), focus=("esm-1b",), fields=("license",))
    query = second.read("so can I use it in a commercial pipeline?", conv)
    assert query.op == "lookup" and "commercial_use" in query.fields


def test_a_family_prefix_with_model_is_the_family_and_which_ones_asks_for_all(second):
    assert second.matches(second.read("Is there an ESM model that wasn't developed by Meta?")) == {"esm3"}
    query = second.read("I need a generative protein model I can use commercially without restrictions. Which ones?")
    assert query.op == "list"


def test_a_possessive_name_is_the_exact_entry(review):
    assert review.read("What's Zephyr's base model?").subjects == ("zephyr",)


def test_fine_tunes_of_a_name_are_the_entries_built_on_it(review):
    found = review.matches(review.read("which fine-tunes of LLaMA have a 65B version?"))
    assert {"dromedary", "guanaco", "lima", "humpback"} <= found and "llama" not in found


def test_made_outside_an_organisation_leaves_it_out(review):
    found = review.matches(review.read("Which LLaMA fine-tunes in the review were made outside Meta?"))
    assert "alpaca" in found and not {"lima", "humpback"} & found


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("how small is the smallest OPT model?", "The smallest of OPT's model sizes is 125M parameters."),
        ("what is the biggest Falcon checkpoint?", "The largest of Falcon's model sizes is 180B parameters."),
        ("OPT's largest model: how many parameters?", "The largest of OPT's model sizes is 175B parameters."),
        ("what is the largest version of OPT?", "The largest of OPT's model sizes is 175B parameters."),
    ],
)
def test_a_superlative_joined_to_a_name_picks_one_of_its_own_sizes(fake_assistant, question, words):
    answer = fake_assistant.ask(question)
    assert answer.kind == "lookup"
    assert answer.answer.startswith(words), answer.answer


def test_its_smallest_model_is_the_smallest_of_the_entry_in_focus(review, fake_assistant):
    first = fake_assistant.ask("Tell me about Pythia")
    answer = fake_assistant.ask("what's its smallest model?", conversation=first.conversation)
    assert answer.answer.startswith("The smallest of Pythia's model sizes is 70M parameters."), answer.answer


@pytest.mark.parametrize(
    "question",
    ["What's the largest LLaMA fine-tune in terms of parameters?", "What's the largest fine-tune of LLaMA?"],
)
def test_the_largest_fine_tune_of_a_name_ranks_the_entries_built_on_it(fake_assistant, question):
    answer = fake_assistant.ask(question)
    assert answer.kind == "rank"
    ids = [r["id"] for r in answer.records]
    # six fine-tunes share the largest size, 65B: all of them are the answer, named as sharing it
    assert {"dromedary", "guanaco", "humpback", "lima", "tulu", "ultrachat"} <= set(ids) and "llama" not in ids
    assert "share the largest model sizes (65B parameters)" in answer.answer


def test_a_number_after_which_or_top_is_how_many_entries_are_asked_for(review):
    query = review.read("which 2 base models are the largest?")
    assert query.op == "rank" and query.rank is not None and query.rank.limit == 2
    assert atoms(query.where) and all(a.agg != "count" for a in atoms(query.where))
    assert review.read("the top 3 largest base models").rank.limit == 3
    counted = review.read("list works with at least 3 base models")
    assert any(a.agg == "count" for a in atoms(counted.where))


def test_a_comparison_with_no_number_after_it_compares_the_entries_with_a_verdict(review):
    query = review.read("Is Zephyr's preference set larger than the one Alpaca used?")
    assert query.op == "compare" and query.yes_no and query.subjects == ("zephyr", "alpaca")
    assert query.rank is not None and query.rank.field == "data_size"


def test_which_one_of_a_set_with_a_comparative_ranks_the_set(second):
    query = second.read("Of the two benchmarks, which one is more recent and when did it come out?")
    assert query.op == "rank" and query.rank is not None and query.rank.field == "date" and query.rank.descending
    assert second.matches(query) == {"tape", "proteingym"}


def test_the_two_papers_of_a_name_are_its_line(review):
    query = review.read("Of the two Flan papers, which one is more recent?")
    assert query.op == "rank" and review.matches(query) == {"flan-2021", "flan-collection"}
    other = review.read("Other than the two Flan papers, what has Google contributed to the review?")
    found = review.matches(other)
    assert {"palm", "t5"} <= found and not {"flan-2021", "flan-collection"} & found


def test_a_comparative_before_a_field_measured_by_a_number_compares_that_number(review, second):
    query = review.read("which used less fine-tuning data, Guanaco or LIMA")
    assert query.op == "compare" and query.rank is not None and query.rank.field == "data_size"
    assert not query.rank.descending
    other = second.read("more training data: SaProt or ProstT5?")
    assert other.op == "compare" and other.rank is not None and other.rank.field == "training_size"


def test_without_a_stated_field_is_its_emptiness_even_in_a_description(second):
    query = second.read("decoder model without a stated training dataset")
    assert any(a.field == "training_data" and a.op == "empty" for a in atoms(query.where))
    assert "progen" in second.matches(query) and "protgpt2" not in second.matches(query)


def test_downloadable_weights_in_a_description_is_a_condition(second):
    query = second.read("Salesforce model with downloadable weights?")
    assert second.matches(query) == {"progen2"}


def test_a_list_under_a_negated_condition_shows_each_entrys_own_value(second_fake_assistant):
    answer = second_fake_assistant.ask("Is there an ESM model that didn't come from Meta?")
    assert "ESM3 (EvolutionaryScale)" in answer.answer


def test_a_statement_with_bare_numbers_describes_one_entry(review):
    query = review.read("crowd-sourced assistant chat corpus in 35 languages from 13,500 volunteers")
    assert query.op == "search"


def test_a_number_written_short_may_be_cut_rather_than_rounded(review):
    query = review.read("small distilled models from 61M to 1.5B parameters trained on 2.58M instructions")
    assert review.matches(query) == {"lamini-lm"}


def test_and_the_latest_one_ranks_the_last_set_again_after_a_question_about_its_first(fake_assistant):
    conv = None
    for question in ("What's the earliest base model in the review?", "which lab built it?"):
        conv = fake_assistant.ask(question, conversation=conv).conversation
    answer = fake_assistant.ask("and the latest one?", conversation=conv)
    assert answer.kind == "rank" and answer.records[0]["id"] == "mistral-7b"


def test_who_else_with_a_verb_of_use_asks_for_works(review):
    query = review.read("besides Orca, who else used FLAN data?")
    assert query.op == "list" and "orca" not in review.matches(query)


def test_numbers_that_can_single_out_an_entry(review):
    from reviewqa.values import literals

    assert literals("reached 99.3% of it, from 13,500 volunteers in 35 languages, in 2023, with 7 heads") == {
        "99.3",
        "13500",
        "35",
    }
    assert "99.3" in review.table.literals(review.table.row["guanaco"])


def test_a_number_the_question_quotes_favours_the_entry_stating_it(fake_assistant):
    answer = fake_assistant.ask(
        "the 4-bit finetuning paper whose chatbot reached 99.3% of ChatGPT on the Vicuna benchmark"
    )
    assert answer.records[0]["id"] == "guanaco"


def test_a_verb_of_relation_with_another_preposition_relates_loosely(review):
    query = review.read("Which non-commercial models were tuned on OpenAssistant data?")
    # (Humpback: its weights were never released, so it cannot be used commercially either)
    assert query.op == "list" and review.matches(query) == {"guanaco", "tulu", "humpback"}


def test_and_which_model_opens_a_question_of_its_own(second):
    conv = second.chat("What is ProtT5?", "what was it trained on?")
    query = second.read("and which model builds on it?", conv)
    assert query.op in ("list", "search") and "prostt5" in second.matches(query)


def test_were_both_asks_the_condition_of_each_of_the_two(fake_assistant):
    first = fake_assistant.ask("Compare Alpaca and Dolly")
    answer = fake_assistant.ask("were both fine-tuned from LLaMA?", conversation=first.conversation)
    assert answer.kind == "verify"
    assert answer.answer.startswith("No: Alpaca is fine-tuned from LLaMA; Dolly 2.0 is not."), answer.answer
    first = fake_assistant.ask("Compare Koala and Vicuna")
    answer = fake_assistant.ask("did both of them use ShareGPT data?", conversation=first.conversation)
    assert answer.answer.startswith("Yes: both"), answer.answer


def test_a_rare_word_after_a_verb_of_relation_is_verified_of_the_entry(review):
    query = review.read("did Alpaca use ShareGPT data?")
    assert query.op == "verify" and query.subjects == ("alpaca",)


def test_the_start_of_names_before_a_plural_noun_is_their_family(second):
    query = second.read("Representation models released before 2022, excluding the ESM ones")
    found = second.matches(query)
    assert {"unirep", "protbert", "prott5", "proteinbert"} <= found and not {"esm-1b", "esm-1v"} & found


@pytest.mark.parametrize(
    ("question", "kept", "left"),
    [
        (
            "base models whose every size is below 10B parameters",
            {"gpt-j", "mpt-7b", "mistral-7b"},
            {"pythia", "llama"},
        ),
        ("alignment works that only used models of 13B or smaller", {"dpo", "zephyr"}, {"instructgpt"}),
    ],
)
def test_every_or_only_with_a_size_bound_holds_for_each_size(review, question, kept, left):
    found = review.matches(review.read(question))
    assert kept <= found and not left & found


def test_an_everyday_verb_between_a_negation_and_a_field(review):
    found = review.matches(review.read("general assistants that did not rely on any teacher model"))
    assert {"dolly", "lima", "oasst1"} <= found and not {"alpaca", "vicuna"} & found


def test_the_successor_right_after_its_successor_was_named_is_that_entry(review):
    conv = review.chat("What's the data size of Natural Instructions?", "and its successor?")
    assert conv.focus == ("super-natural-instructions",)
    query = review.read("what models were trained on the successor?", conv)
    assert query.op != "missing"


def test_which_other_datasets_share_that_license_after_a_license_was_asked(review):
    conv = review.chat("What license is WizardLM's data under?", "does that allow commercial use?")
    query = review.read("which other datasets share that license?", conv)
    assert review.matches(query) == {"alpaca", "alpaca-gpt4", "lamini-lm", "dromedary"}


def test_a_lower_case_word_in_a_hyphenated_compound_is_no_organisation(review):
    query = review.read("meta-dataset of 61 tasks built from the crowdsourcing instructions of existing datasets")
    assert not any(a.field == "organizations" for a in atoms(query.where))
    assert any(a.field == "organizations" for a in atoms(review.read("which works are from meta?").where))


def test_rare_words_after_a_verb_of_relation_describe_one_entry(review):
    query = review.read("Berkeley research chatbot trained on ShareGPT and HC3 dialogues")
    assert review.matches(query) == {"koala"}


def test_what_made_it_asks_for_a_reason(review):
    assert review.read("What made Guanaco's fine-tuning so memory-efficient?").op == "text"


def test_which_one_of_them_picks_one_that_meets_the_conditions(fake_assistant):
    conv = None
    for question in ("What's OASST1?", "Which entries trained on it?"):
        conv = fake_assistant.ask(question, conversation=conv).conversation
    answer = fake_assistant.ask("Which of those is from Meta?", conversation=conv)
    assert [r["id"] for r in answer.records] == ["humpback"]
    first = fake_assistant.ask("Which works fine-tuned Pythia?")
    plural = fake_assistant.ask("which of them are human-written?", conversation=first.conversation)
    assert plural.kind == "list"


def test_units_that_count_the_same_things_compare_together(second):
    query = second.read("Which models were trained on more than 100 million sequences?")
    assert {"proteinbert", "esm3", "protbert"} <= second.matches(query)


def test_a_field_before_a_comparative_says_what_is_compared(second):
    query = second.read("Whose training set is bigger, ProtBERT's or ProteinBERT's?")
    assert query.op == "compare" and query.rank is not None and query.rank.field == "training_size"


def test_those_after_one_was_picked_from_a_list_is_that_one(second_fake_assistant):
    conv = None
    for question in ("Which models come from Salesforce?", "which of them has weights I can download?"):
        answer = second_fake_assistant.ask(question, conversation=conv)
        conv = answer.conversation
    assert [r["id"] for r in answer.records] == ["progen2"]
    answer = second_fake_assistant.ask("what license are those under?", conversation=conv)
    assert [r["id"] for r in answer.records] == ["progen2"]


@pytest.mark.parametrize(
    "question", ["What license is Alpaca-LoRA under?", "What context length does Vicuna v1.5 support?"]
)
def test_a_name_built_on_an_entrys_or_a_minor_version_is_not_that_entry(review, question):
    assert review.read(question).op in ("missing", "decline")


def test_a_family_that_goes_up_to_a_size_has_that_largest_size(review, second):
    assert review.matches(review.read("LLaMA fine-tunes that go up to 65B")) == {
        "dromedary", "guanaco", "lima", "ultrachat", "tulu", "humpback",
    }  # fmt: skip
    assert second.matches(second.read("Salesforce's family of autoregressive models that goes up to 6.4B")) == {
        "progen2"
    }


def test_how_many_checkpoints_right_after_an_entry_is_answered_from_its_text(second_fake_assistant):
    first = second_fake_assistant.ask("What does ESM-1v do?")
    answer = second_fake_assistant.ask("how many checkpoints are there?", conversation=first.conversation)
    assert answer.kind == "text" and [r["id"] for r in answer.records] == ["esm-1v"]
    assert "five checkpoints" in answer.answer


def test_and_another_value_after_a_list_asks_the_same_list_of_it(second, review):
    conv = Conversation()
    query = second.read("Which models use BFD?", conv)
    conv = conv.after(query, results=tuple(sorted(second.matches(query))))
    again = second.read("and UniRef100?", conv)
    assert again.op == "list" and second.matches(again) == {"protbert", "rita"}
    conv = Conversation()
    query = review.read("Which works were fine-tuned from LLaMA?", conv)
    conv = conv.after(query, results=tuple(sorted(review.matches(query))))
    assert review.matches(review.read("and Pythia?", conv)) == {"dolly", "oasst1", "dpo"}


def test_the_open_model_refers_to_the_entry_in_focus(second_fake_assistant):
    first = second_fake_assistant.ask("What was ESM3 trained on?")
    answer = second_fake_assistant.ask("can I use the open model commercially?", conversation=first.conversation)
    assert [r["id"] for r in answer.records] == ["esm3"]


def test_a_headless_description_picks_among_the_entries_meeting_its_conditions(review, fake_assistant):
    query = review.read("GPT-4-annotated preference set with ~64k prompts and completions from 17 models")
    assert query.op == "list" and query.pick
    answer = fake_assistant.ask(query.question)
    assert answer.records[0]["id"] == "ultrafeedback"
    assert not review.read("2023 alignment work that did not start from LLaMA").pick  # a set, listed


def test_a_question_continued_by_a_preposition_is_answered_from_the_text(second_fake_assistant):
    conv = None
    for question in ("What is ProteinGym?", "when was it first introduced?"):
        conv = second_fake_assistant.ask(question, conversation=conv).conversation
    answer = second_fake_assistant.ask("alongside which model?", conversation=conv)
    assert answer.kind == "text" and "Tranception" in answer.answer


def test_and_another_part_asks_the_same_field_of_that_part(second):
    conv = second.chat("RITA - what is it?", "what license is the code under?")
    query = second.read("and the weights?", conv)
    assert query.op == "lookup" and query.subjects == ("rita",) and query.parts == ("weights",)


def test_not_a_name_with_an_article_is_any_of_its_versions(review):
    assert review.matches(review.read("Meta base model that isn't a LLaMA")) == {"opt"}


def test_a_yes_no_question_after_a_dash_verifies(review):
    query = review.read("and the follow-up Llama 2 - is that one usable commercially?")
    assert query.op == "verify" and query.subjects == ("llama-2",)


def test_how_did_one_do_against_another_is_answered_from_its_text(review):
    query = review.read("How did FLAN do against zero-shot GPT-3?")
    assert query.op == "text" and query.subjects == ("flan-2021",)
    assert review.read("how does LIMA compare to Alpaca?").op == "compare"


def test_picking_one_prefers_the_value_asked_over_one_it_also_accepts(second_fake_assistant):
    conv = None
    for question in ("Which models use OAS antibody sequences?", "Which of them is OK for commercial use?"):
        answer = second_fake_assistant.ask(question, conversation=conv)
        conv = answer.conversation
    assert answer.records[0]["id"] == "progen2"  # commercial use "yes" before "restricted"


def test_category_after_a_relation_of_a_kind_is_the_set_asked(review: Review) -> None:
    """A license word before a category phrase ("Apache-licensed base model") cannot take the category as its object
    the way "fine-tuned from a base model" does: the category stays a condition on the set."""
    found = review.matches(review.read("Is there an Apache-licensed base model?"))
    assert found and all(review.table.value_of(i, "category") == "base-model" for i in found)
    assert {"falcon", "pythia"} <= found and not {"alpaca", "vicuna"} & found


def test_a_word_after_a_name_that_ends_the_question_says_what_the_entry_is(review: Review) -> None:
    benchmark = review.read("what is the Natural Instructions benchmark")
    assert benchmark.op == "describe" and benchmark.subjects == ("natural-instructions",)
    dataset = review.read("What's in the UltraFeedback dataset?")
    assert dataset.op == "describe" and dataset.fields == () and dataset.parts == ()
    assert review.read("What is the Alpaca license?").fields == ("license",)


def test_an_unknown_name_a_field_phrase_asks_of_is_missing_even_in_a_long_question(review: Review) -> None:
    query = review.read("Who developed Quixtral-2 and how many parameters does it have?")
    assert query.op == "missing" and query.missing == "Quixtral-2"


@pytest.mark.parametrize("question", ["Who used Alpaca's data?", "Who trained on the Alpaca data?", "Who used Alpaca?"])
def test_who_then_a_relation_and_a_name_asks_for_the_works_in_that_relation(review: Review, question: str) -> None:
    query = review.read(question)
    assert query.op == "list" and not query.subjects
    assert {"alpaca-gpt4", "koala"} <= review.matches(query) and "alpaca" not in review.matches(query)


def test_who_made_a_name_still_asks_its_makers(review: Review) -> None:
    for question in ("who made Alpaca?", "who trained Alpaca?", "who released LLaMA?"):
        query = review.read(question)
        assert query.op == "lookup" and query.fields == ("organizations",)


def test_how_about_a_name_and_a_part_asks_the_last_field_for_that_part(review: Review) -> None:
    conv = review.chat("Tell me about HH-RLHF", "what license is its data?")
    query = review.read("how about StackLLaMA's data?", conv)
    assert (query.op, query.subjects, query.fields, query.parts) == ("lookup", ("stackllama",), ("license",), ("data",))


def test_a_unit_word_before_a_plural_noun_of_its_own_counts_that_noun(review: Review) -> None:
    assert review.read("how many task types does Super-NaturalInstructions cover?").op == "text"
    assert review.read("how many tasks does Super-NaturalInstructions have?").op == "lookup"


def test_a_participle_after_a_name_with_an_auxiliary_is_its_verb_not_a_relation(review: Review) -> None:
    trained = review.read("How was LLaMA trained?")
    assert trained.subjects == ("llama",) and trained.where is None
    assert review.matches(review.read("is there a LLaMA based model from Stanford?")) == {"alpaca", "vicuna"}


def test_a_how_question_about_a_field_states_the_field_before_the_text(fake_assistant) -> None:
    answer = fake_assistant.ask("How was Baize's training data created?")
    assert answer.records[0]["id"] == "baize" and "self-chat" in answer.answer


def test_a_misspelt_question_word_is_read_as_the_one_it_is_a_letter_away_from(second: Review) -> None:
    assert second.read("wat licnse is omegafld under").fields == ("license",)
    assert second.read("whcih is bigger, ESM-2 or ProtGPT2").op == "compare"
    assert second.read("was ESM-2 trained on UniRef50?").op == "verify"  # "was" is a word, not a slip of "what"


def test_a_part_said_to_be_out_after_it_is_a_condition_of_presence(review: Review) -> None:
    found = review.matches(review.read("base models above 100B parameters whose weights were actually released"))
    assert {"bloom", "falcon"} <= found and not {"gpt-3", "palm"} & found
    for question in ("were FLAN's weights released?", "did Koala release the full weights?"):
        query = review.read(question)
        assert query.op == "verify" and query.fields == () and "weights" in query.where.describe()  # type: ignore[union-attr]


def test_how_many_times_compares_and_states_the_factor(fake_assistant) -> None:
    answer = fake_assistant.ask("how many times smaller than GPT-3 is T0?")
    assert [r["id"] for r in answer.records] == ["t0", "gpt-3"]
    assert "a factor of 16" in answer.answer


def test_one_size_counts_sizes_and_a_base_model_with_a_size_is_one(review: Review) -> None:
    single = review.matches(review.read("base models that don't come in more than one size"))
    assert {"chinchilla", "gpt-j", "mistral-7b"} <= single and not {"llama", "pythia"} & single
    assert "alpaca" in review.matches(review.read("works with exactly one base model"))  # "LLaMA 7B" is one


def test_a_superlative_before_a_measured_field_ranks_by_its_measure(second: Review) -> None:
    rank = second.read("Of the generative models, which one had the smallest training set?").rank
    assert rank is not None and (rank.field, rank.descending) == ("training_size", False)


def test_a_value_after_something_other_than_keeps_its_relation(second: Review) -> None:
    found = second.matches(second.read("decoder models trained on something other than UniRef50"))
    assert {"rita", "progen2"} <= found and "protgpt2" not in found


def test_a_part_after_on_names_the_part_of_the_field_withheld(second: Review) -> None:
    found = second.matches(second.read("Meta models with no explicit license on the weights"))
    assert found == {"esm-1v", "msa-transformer"}


def test_a_singular_unit_word_before_a_noun_describes_it(second: Review) -> None:
    query = second.read("the 100-billion-parameter protein model that mixes masked and autoregressive objectives")
    assert "100B parameters" in query.where.describe()  # type: ignore[union-attr]
    assert second.read("how many protein sequences did ESM-2 train on").fields == ("training_size",)


def test_non_a_base_model_before_a_noun_means_neither_it_nor_built_on_it(review: Review) -> None:
    found = review.matches(review.read("non-LLaMA assistants"))
    assert "dolly" in found and not {"alpaca", "vicuna", "llama"} & found
    ruled_out = review.matches(review.read("non-LLaMA assistant whose license rules out commercial use"))
    assert "lamini-lm" in ruled_out and not {"dolly", "self-instruct"} & ruled_out


def test_words_close_to_the_mechanisms_of_this_session_keep_their_old_readings(review: Review) -> None:
    # "the biggest one trained on": "one" stands for a thing, it counts nothing
    conv = Conversation().after(review.read("who made falcon"), focus=("falcon",))
    assert review.read("how many tokens was the biggest one trained on?", conv).where is None
    # a name after "have a" is an object; its postfix relation holds
    found = review.matches(review.read("Which models distilled from ChatGPT have a LLaMA 13B variant?"))
    assert {"vicuna", "koala"} <= found and "alpaca" not in found
    # "which sizes were released?" asks the sizes, not whether some are recorded
    conv = Conversation().after(review.read("Who made WizardLM?"), focus=("wizardlm",))
    assert "model_sizes_b" in review.read("which sizes were released?", conv).fields
    # "dialogue dataset": a dataset counted in dialogues
    rank = review.read("biggest multi-turn dialogue dataset?").rank
    assert rank is not None and rank.units == ("dialogues",)
    assert review.read("wat base modle dos alpacca use").subjects == ("alpaca",)


def test_neither_scopes_over_a_comma_list_ending_in_nor(review: Review) -> None:
    found = review.matches(review.read("base models made by neither Meta, Google nor DeepMind"))
    assert {"bloom", "falcon", "pythia"} <= found and not {"llama", "palm", "chinchilla"} & found


def test_whether_commercial_use_is_allowed_is_answered_with_the_license_it_follows_from(fake_assistant) -> None:
    answer = fake_assistant.ask("can I use Koala in a product?")
    assert answer.answer.startswith("No") and "License of Koala" in answer.answer and "non-commercial" in answer.answer


def test_a_bare_version_mark_names_that_version_of_the_entry_in_focus(review: Review) -> None:
    conv = Conversation().after(review.read("Tell me about Baize"), focus=("baize",))
    query = review.read("what did v2 add?", conv)
    assert query.subjects == ("baize",) and query.op != "missing"
    assert review.read("what did v2 add?").subjects == ()  # with nothing in focus it names nothing


def test_a_name_only_mentioned_in_texts_and_asked_about_has_no_entry(review: Review) -> None:
    for question in ("When did DeepMind release Gopher?", "How big is Gopher?"):
        query = review.read(question)
        assert (query.op, query.missing) == ("missing", "Gopher"), question
    assert review.read("which model was compared against Gopher?").op == "search"  # it describes an entry


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Tell me about Gopher 2", "Gopher 2"),
        ("Does the review have an entry for Gopher Pro?", "Gopher Pro"),
        ("does the review say anything about Gopher?", "Gopher"),
        ("Is there any information on Gopher-280B?", "Gopher-280B"),
    ],
)
def test_a_name_only_mentioned_asked_about_in_a_frame_has_no_entry(review: Review, question: str, name: str) -> None:
    # "tell me about …", "an entry for …", "anything about …": what follows is asked about, with its version or size
    query = review.read(question)
    assert (query.op, query.missing) == ("missing", name)


def test_a_name_only_mentioned_after_other_prepositions_still_describes(review: Review) -> None:
    assert review.read("which model was compared against Gopher 2?").op != "missing"
    for question in ("Which works include Gopher outputs?", "Does any entry mention Gopher?"):
        assert review.read(question).op != "missing", question  # the entries whose text has it
    assert review.read("What did Chinchilla show about Gopher?").subjects == ("chinchilla",)


def test_without_a_name_leaves_out_the_entry_and_what_uses_it(review: Review, second: Review) -> None:
    assert second.matches(second.read("Which structure predictor works without ESM-2 embeddings?")) == {"omegafold"}
    found = review.matches(review.read("assistants built without LLaMA"))
    assert "dolly" in found and not {"alpaca", "vicuna"} & found


def test_a_name_before_branded_is_its_family(second: Review) -> None:
    assert second.matches(second.read("Which of the ESM-branded models isn't MIT licensed?")) == {"esm3"}


def test_that_after_an_amount_compares_on_the_amount(review: Review) -> None:
    conv = review.chat("What's LIMA?", "How many training examples did it use?")
    query = review.read("Is that more than Guanaco used?", conv)
    assert query.op == "compare" and query.rank is not None and query.rank.field == "data_size"


def test_two_opposite_ends_joined_by_to_order_every_entry(second: Review) -> None:
    rank = second.read("list the generative models oldest to newest").rank
    assert rank is not None and (rank.field, rank.descending, rank.limit) == ("date", False, 0)


def test_a_category_asked_as_a_field_of_they_after_a_short_list_is_each_ones_field(review: Review) -> None:
    conv = Conversation().after(review.read("Which of those are from Microsoft?"), results=("alpaca-gpt4", "orca"))
    query = review.read("What base model did they fine-tune?", conv)
    assert (query.op, query.subjects, query.fields) == ("lookup", ("alpaca-gpt4", "orca"), ("base_models",))


def test_why_after_a_lookup_and_what_about_after_a_text_question_keep_the_question(second: Review) -> None:
    conv = second.chat("What's the license on UniRep?", "So can I use it commercially?")
    why = second.read("why?", conv)
    assert why.op == "text" and why.subjects == ("unirep",) and "license" in why.fields
    conv = second.chat("Tell me about OmegaFold", "Does it need MSAs?")
    same = second.read("what about ESMFold, same deal?", conv)
    assert same.op == "text" and same.subjects == ("esmfold",) and "MSAs" in same.question


def test_categories_after_neither_nor_and_after_apart_from_its_are_left_out(review: Review) -> None:
    neither = review.matches(review.read("Pre-2023 entries that are neither base models nor task collections"))
    assert {"instructgpt", "hh-rlhf"} <= neither and not {"gpt-3", "t0"} & neither
    apart = review.matches(review.read("What has Meta contributed apart from its base models?"))
    assert "lima" in apart and not {"llama", "opt"} & apart


def test_over_a_period_is_during_it_and_mid_year_is_june_and_july(review: Review) -> None:
    summer = review.matches(review.read("anything published over the summer of 2023 (June to August)?"))
    assert {"orca", "tulu", "llama-2", "humpback"} <= summer and not {"mistral-7b", "dpo"} & summer
    before = review.matches(review.read("Which alignment papers came out before mid-2023?"))
    assert "dpo" in before and not {"ultrafeedback", "zephyr"} & before


def test_getting_or_downloading_a_part_asks_for_its_presence(review: Review) -> None:
    found = review.matches(
        review.read("Which base models over 100B parameters can researchers actually get the weights for?")
    )
    assert found == {"bloom", "falcon", "opt"}


def test_a_name_joined_by_or_to_a_value_of_a_relation_shares_the_relation(review: Review) -> None:
    query = review.read("models trained on ShareGPT or Alpaca data")
    assert query.op == "list" and {"vicuna", "koala", "alpaca-gpt4"} <= review.matches(query)


def test_or_between_words_no_condition_came_from_joins_no_conditions(review: Review) -> None:
    query = review.read("Which non-commercial models were released only as weight diffs or deltas, leaving out Vicuna?")
    found = review.matches(query)
    assert "vicuna" not in found and "gpt-j" not in found  # both conditions hold, not either


def test_the_gist_of_an_entry_is_its_description(review: Review) -> None:
    assert review.read("What's the gist of the UltraFeedback dataset?").op == "describe"


def test_a_superlative_then_first_orders_every_entry(review: Review) -> None:
    rank = review.read("Give me EleutherAI's models oldest first.").rank
    assert rank is not None and (rank.field, rank.descending, rank.limit) == ("date", False, 0)


def test_purely_from_a_group_means_every_organisation_is_in_it(review: Review) -> None:
    found = review.matches(review.read("Which projects that come purely from universities tuned a 13B LLaMA?"))
    assert {"baize", "koala"} <= found and not {"wizardlm", "orca", "vicuna"} & found


def test_a_relation_written_onto_a_name_makes_it_used_even_about_one_entry(review: Review) -> None:
    conv = Conversation().after(review.read("what's PaLM"), focus=("palm",))
    assert review.matches(review.read("and the Flan-tuned version of it?", conv)) == {"flan-collection"}


def test_a_name_before_a_word_of_stored_material_is_used_not_asked_about(review: Review) -> None:
    query = review.read("Which one built a chat dataset seeded with Wikidata entities and C4 passages?")
    assert not query.subjects and review.matches(query) == {"ultrachat"}


def test_any_before_a_name_means_any_version_of_it(review: Review) -> None:
    found = review.matches(review.read("feedback/alignment works that don't use any LLaMA model"))
    assert {"dpo", "zephyr"} <= found and "ultrafeedback" not in found  # tuned from Llama 2


def test_nothing_said_about_a_field_means_it_is_not_recorded(review: Review) -> None:
    found = review.matches(review.read("works where nothing is said about the data license"))
    assert {"llama", "palm", "flan-2021"} <= found and not {"alpaca", "dolly"} & found
    # (without a word of saying, the negation is of the value: "no commercial use" is the value no)
    assert "llama" in review.matches(review.read("works with no commercial use"))


def test_a_field_before_a_negated_copula_holds_another_value(review: Review) -> None:
    found = review.matches(review.read("Which 7B fine-tune used a base model that isn't LLaMA?"))
    assert "zephyr" in found and not {"alpaca", "stackllama", "llama", "mistral-7b"} & found


def test_a_compared_unit_ranks_with_the_units_that_count_the_same_things(second: Review) -> None:
    rank = second.read("did ProteinBERT or ProtGPT2 see more training sequences?").rank
    assert rank is not None and set(rank.units) == {"sequences", "proteins"}


def test_up_to_five_modifiers_between_which_and_its_noun(second: Review) -> None:
    query = second.read("which 100B-parameter protein model is there?")
    assert second.matches(query) == {"xtrimopglm"}


def test_that_category_word_after_an_entry_of_another_category_means_the_values_it_names(second: Review) -> None:
    conv = Conversation().after(second.read("ProteinBERT - what data was it trained on?"), focus=("proteinbert",))
    found = second.matches(second.read("which other models used that dataset?", conv))
    assert {"esm-1v", "esm-2", "progen2"} <= found and not {"proteinbert", "esm-1b", "protgpt2"} & found


def test_a_value_after_even_that_a_condition_already_allows_narrows_nothing(review: Review) -> None:
    query = review.read("which Meta AI releases permit commercial use, even if with some restrictions?")
    assert review.matches(query) == review.matches(review.read("which Meta AI releases permit commercial use?"))
    assert review.matches(query) == {"llama-2"}


def test_its_participle_version_means_the_entries_built_on_it(review: Review) -> None:
    conv = Conversation().after(review.read("Tell me about BLOOM"), focus=("bloom",))
    assert review.matches(review.read("and its instruction-tuned version - what's it called?", conv)) == {"bloomz-mt0"}
    assert review.read("what's its largest version?", conv).subjects == ("bloom",)  # its own size


def test_a_number_with_a_plus_means_that_or_more(review: Review) -> None:
    found = review.matches(review.read("Base models with 100B+ parameters that aren't from Meta"))
    assert found == {"bloom", "falcon", "gpt-3", "palm"}


def test_only_before_a_size_comparison_means_every_size(review: Review) -> None:
    found = review.matches(review.read("Which base models only come in sizes under 10B parameters?"))
    assert found == {"gpt-j", "mistral-7b", "mpt-7b"}


def test_non_joined_to_a_word_does_not_negate_the_field_after_it(review: Review) -> None:
    query = review.read("which task collection has non-English data?")
    assert query.where is None or "empty" not in {a.op for a in atoms(query.where)}


def test_a_negation_before_a_restatement_does_not_reach_into_it(review: Review) -> None:
    query = review.read("Which general assistants are not research-only, i.e. allow commercial use?")
    assert review.matches(query) == {"dolly", "oasst1"}
    query = review.read("Which works' data is entirely machine-generated, i.e. not mixed with human-written data?")
    found = review.matches(query)
    assert {"ultrachat", "zephyr", "sail"} <= found and not {"vicuna", "constitutional-ai"} & found


def test_a_word_the_nouns_own_phrases_use_narrows_no_category(second: Review) -> None:
    query = second.read("which protein models came out of Meta / Facebook AI Research?")
    assert "esmfold" in second.matches(query)


def test_the_participle_version_after_one_entry_means_the_entries_built_on_it(review: Review) -> None:
    conv = Conversation().after(review.read("who made BLOOM?"), focus=("bloom",))
    assert review.matches(review.read("and the instruction-tuned version?", conv)) == {"bloomz-mt0"}


def test_the_most_of_a_unit_ranks_by_its_field(second: Review) -> None:
    query = second.read("which model was trained on the most sequences?")
    assert query.op == "rank" and query.rank is not None and query.rank.field == "training_size"


def test_an_unknown_name_joined_by_a_hyphen_to_a_known_word_is_declined_whole(second: Review) -> None:
    query = second.read("what data was the ESM-IF1 inverse folding model trained on?")
    assert query.op in ("missing", "decline") and query.missing == "ESM-IF1"


def test_which_one_after_two_compared_picks_among_them_despite_a_name_after_a_relation(second: Review) -> None:
    conv = Conversation().after(second.read("compare ESM-1b and ESM-1v"), focus=("esm-1b", "esm-1v"))
    query = second.read("which one was trained on UniRef90?", conv)
    assert query.within == ("esm-1b", "esm-1v")


def test_a_modifier_inside_a_field_phrase_keeps_the_phrase(review: Review) -> None:
    assert review.read("which preference data did Zephyr use?").fields == ("data_sources",)


def test_a_second_name_the_first_entry_mentions_is_no_second_subject(review: Review) -> None:
    assert review.read("which preference data did Zephyr use for DPO?").subjects == ("zephyr",)
    assert set(review.read("Zephyr and DPO: which data did they use?").subjects) == {"zephyr", "dpo"}
    # two dates put in order ask about both, though the first entry names the second as its base model
    ordered = review.read("Was Zephyr released before or after Mistral 7B?")
    assert ordered.op == "compare" and ordered.subjects == ("zephyr", "mistral-7b")


def test_without_any_name_excludes_what_uses_it(second: Review) -> None:
    found = second.matches(second.read("Which encoder models were trained without any UniRef data?"))
    assert found == {"saprot"}


def test_the_entry_referred_to_is_not_among_what_uses_it(review: Review) -> None:
    conv = Conversation().after(review.read("What is UltraFeedback?"), focus=("ultrafeedback",))
    assert review.matches(review.read("which entry in the review trained on it?", conv)) == {"zephyr"}


def test_the_paper_that_introduced_a_name_is_its_own_entry(review: Review) -> None:
    assert review.matches(review.read("encoder-decoder paper that introduced the C4 corpus")) == {"t5"}


def test_the_same_year_compares_years_not_months(second: Review) -> None:
    conv = Conversation().after(second.read("Who is behind SaProt?"), focus=("saprot",))
    found = second.matches(second.read("which other models in the review came out the same year?", conv))
    assert {"ankh", "prostt5", "xtrimopglm"} <= found and not {"saprot", "esm-2"} & found


def test_how_many_of_two_entries_asks_both(review: Review) -> None:
    query = review.read("How many tasks do Super-NaturalInstructions and Natural Instructions each have?")
    assert set(query.subjects) == {"super-natural-instructions", "natural-instructions"}


def test_what_about_a_name_then_its_asks_about_that_name(review: Review) -> None:
    conv = Conversation().after(review.read("what's UltraChat"), focus=("ultrachat",))
    query = review.read("what about UltraFeedback, what's its base model?", conv)
    assert query.subjects == ("ultrafeedback",) and query.fields == ("base_models",)


def test_a_word_before_a_noun_of_several_categories_narrows_them(review: Review) -> None:
    assert review.matches(review.read("Tsinghua work that isn't a feedback dataset?")) == {"ultrachat"}


def test_a_unit_word_ending_a_hyphenated_compound_counts_nothing(review: Review) -> None:
    assert review.read("What is self-chat in Baize?").fields == ()


def test_a_unit_word_before_an_activity_in_ing_is_a_compound_that_counts_nothing(review: Review) -> None:
    assert review.read("What does SAIL add to ordinary instruction tuning?").fields == ()
    assert review.read("how many instruction examples did Alpaca use?").fields == ("data_size",)
    assert review.read("Alpaca instruction count?").fields == ("data_size",)


def test_a_small_count_before_the_noun_of_a_statement_describes_one_family(second: Review) -> None:
    query = second.read(
        "four autoregressive models from 85M to 1.2B built with the Marks lab and OATML to study scaling"
    )
    assert query.op == "list" and query.or_search


def test_a_modifier_inside_which_data_keeps_the_field_phrase(second: Review) -> None:
    conv = Conversation().after(second.read("Tell me about ProGen2"), focus=("progen2",))
    assert second.read("what other data went into it?", conv).fields == ("training_data",)


def test_a_value_word_that_relates_a_value_after_it_is_a_verb(review: Review) -> None:
    found = review.matches(review.read("Which LLaMA-based works did not distill data from OpenAI models?"))
    assert {"guanaco", "lima", "stackllama", "dromedary", "humpback"} <= found
    assert not {"alpaca", "vicuna", "gpt4all", "wizardlm"} & found


def test_number_of_before_a_field_is_that_field(review: Review) -> None:
    rank = review.read("Rank LLaMA, Llama 2 and Falcon by number of pretraining tokens").rank
    assert rank is not None and rank.field == "training_tokens"


def test_an_ordering_by_their_field_ranks_the_entries_named(review: Review) -> None:
    query = review.read("rank Falcon, PaLM and BLOOM by their biggest model")
    assert query.op == "rank" and query.within == ("falcon", "palm", "bloom")
    assert query.rank is not None and query.rank.field == "model_sizes_b" and query.rank.agg == "max"


def test_that_field_noun_after_one_entry_follows_the_reference(review: Review) -> None:
    conv = Conversation().after(review.read("What base model did Alpaca use?"), focus=("alpaca",))
    assert review.read("and who made that base model?", conv).subjects == ("llama",)


def test_an_unknown_version_after_light_words_is_declined_before_a_later_name(review: Review) -> None:
    query = review.read("what's in the Tulu 2 DPO mixture?")
    assert query.op in ("missing", "decline") and query.missing == "Tulu 2"


def test_an_unknown_version_compared_with_its_entry_is_declined(review: Review) -> None:
    for question in ("What's new in Orca 2 compared to the first Orca?", "How does Orca compare to Orca 2?"):
        query = review.read(question)
        assert query.op in ("missing", "decline") and query.missing == "Orca 2"


def test_summarize_a_name_only_mentioned_is_missing(second: Review) -> None:
    query = second.read("Summarize the Pfam database for me")
    assert query.op == "missing" and query.missing == "Pfam"


def test_a_field_added_to_the_profile_answers_and_filters(second: Review) -> None:
    # the second review records each model's network type (a field added to its profile and entries only)
    found = second.matches(second.read("Which protein language models aren't transformers at all?"))
    assert found == {"unirep", "carp", "proteinbert"}
    assert second.read("what kind of network is UniRep?").fields == ("network",)


def test_a_terse_field_of_a_name_only_mentioned_is_missing(second: Review) -> None:
    query = second.read("Parameter count of Tranception?")
    assert query.op == "missing" and query.missing == "Tranception"


def test_a_possessive_name_after_through_is_no_date_compared_with(review: Review) -> None:
    query = review.read("Walk me through InstructGPT's training recipe")
    assert query.subjects == ("instructgpt",) and query.where is None


def test_a_negation_reaches_a_category_past_a_preposition(review: Review) -> None:
    found = review.matches(review.read("Which LLaMA fine-tunes are NOT in the general assistant section?"))
    assert "stackllama" in found and not {"alpaca", "vicuna"} & found


def test_its_size_version_after_a_relation_is_that_size_of_it(review: Review) -> None:
    conv = Conversation().after(review.read("What is LLaMA?"), focus=("llama",))
    found = review.matches(review.read("which works fine-tuned its 13B version?", conv))
    assert {"baize", "guanaco", "koala", "orca", "tulu", "ultrachat", "vicuna", "wizardlm"} == found


def test_a_participle_of_a_reference_field_before_the_noun_says_it_is_recorded(review: Review) -> None:
    found = review.matches(review.read("fine-tuned 7B models that aren't LLaMA-based"))
    assert "zephyr" in found and not {"llama-2", "mistral-7b", "alpaca"} & found


def test_an_aside_saying_a_value_counts_too_widens_the_condition(review: Review) -> None:
    query = review.read("Which task-collection works fine-tuned some flavour of T5 (mT5 counts)?")
    assert query.op == "list"
    assert {"bloomz-mt0", "flan-collection", "super-natural-instructions", "t0"} <= review.matches(query)


def test_a_part_named_after_a_field_was_asked_is_that_part_of_it(review: Review) -> None:
    conv = Conversation().after(review.read("what license does Dolly's dataset use?"), focus=("dolly",))
    query = review.read("and its weights?", conv)
    assert query.fields == ("license",) and query.parts == ("weights",)
    same = review.read("is that the same for OASST1?", conv.after(query, focus=("dolly",)))
    assert same.subjects == ("oasst1",) and same.fields == ("license",)


def test_a_value_between_which_and_its_noun_is_no_modifier_of_a_field_phrase(review: Review) -> None:
    assert review.matches(review.read("Which EleutherAI model was released first?")) >= {"gpt-j", "pythia"}
    # InstructGPT's 6.7B model is a 7B model as the engine reads sizes (7B means 6.5 to 7.5 billion)
    assert review.matches(review.read("which 7B model in the alignment section isn't built on LLaMA?")) == {
        "instructgpt",
        "zephyr",
    }


def test_non_before_a_name_and_a_plural_noun_leaves_out_what_is_built_on_it(review: Review) -> None:
    found = review.matches(review.read("Which non-LLaMA models were fine-tuned on ChatGPT outputs?"))
    assert found == {"lamini-lm", "ultrafeedback", "zephyr"}


def test_a_word_deep_in_one_categorys_longer_phrase_narrows_nothing(second: Review) -> None:
    query = second.read("which sequence language models are not trained with masked language modelling?")
    assert {"unirep", "progen", "protgpt2"} <= second.matches(query)


def test_a_possessive_name_ending_a_comparison_is_what_is_compared(second: Review) -> None:
    rank = second.read("Is SaProt's pretraining set larger than ProstT5's?").rank
    assert rank is not None and rank.field == "training_size"


def test_a_value_after_against_is_what_is_measured_against(second: Review) -> None:
    query = second.read("the dilated-convolution protein masked LM that holds up against transformers")
    assert query.where is None or "network" not in {a.field for a in atoms(query.where)}


def test_how_after_a_word_of_telling_asks_for_text(review: Review) -> None:
    assert review.read("explain how the UltraChat dialogues were made").op == "text"
    assert review.read("explain how many dialogues UltraChat has").op == "lookup"


def test_an_aside_of_examples_adds_no_condition(second: Review) -> None:
    query = second.read("which representation models aren't encoder-only? (enc-dec, recurrent, whatever)")
    assert {"ankh", "prott5", "unirep", "xtrimopglm"} <= second.matches(query)


def test_a_negated_auxiliary_before_its_subject_negates_what_follows_the_subject(review: Review) -> None:
    # "why can't X be …": X is asked about, the negation belongs to the claim after it
    why = review.read("why can't StackLLaMA be used commercially?")
    assert why.subjects == ("stackllama",) and "@id" not in {a.field for a in atoms(why.where)}
    assert isinstance(why.where, Not)
    # a negative yes/no question asks whether the claim holds
    claim = review.read("isn't Alpaca based on LLaMA?")
    assert claim.op == "verify" and claim.subjects == ("alpaca",) and not isinstance(claim.where, Not)
    # after a subject the negation is the question's own
    assert isinstance(review.read("which models aren't LLaMA based?").where, Not)


def test_a_kind_of_entry_owned_by_an_entry_is_its_field(review: Review) -> None:
    # a category's phrase after a possessive names the owner's field (British spelling read as American)
    owned = review.read("zephyr's prefrence optimisation methd?")
    assert owned.subjects == ("zephyr",) and owned.fields == ("preference_method",)
    listed = review.read("list preference optimization methods")
    assert listed.op == "list" and {a.field for a in atoms(listed.where)} == {"category"}


def test_that_one_after_one_was_picked_from_a_list_is_the_one_picked(review: Review) -> None:
    listed = review.read("Which works used LLaMA 65B?")
    conv = Conversation().after(listed, results=tuple(sorted(review.matches(listed))))
    picked = review.read("which one of them used only 1,000 examples?", conv)
    assert picked.op == "search" and picked.within is not None
    conv = conv.after(picked, focus=("lima",))
    assert review.read("which lab is behind that one?", conv).subjects == ("lima",)


def test_a_verb_of_one_field_relates_only_what_that_field_holds(review: Review) -> None:
    # "runs" is said only of preference methods: a dataset after it is what the question is about
    assert review.read("who runs OASST1?").subjects == ("oasst1",)
    conv = review.chat("tell me about OASST1")
    assert review.read("which group runs that project?", conv).subjects == ("oasst1",)
    # a verb several fields share relates any entry: the works trained on it
    assert review.read("which models were trained on OASST1?").op == "list"


def test_a_yes_no_question_about_a_short_list_is_asked_of_each(review: Review) -> None:
    listed = review.read("which models were trained on the Flan Collection?")
    conv = Conversation().after(listed, results=("lamini-lm", "orca", "tulu"))
    query = review.read("are those weights usable commercially?", conv)
    assert query.op == "verify" and query.subjects == ("lamini-lm", "orca", "tulu")
    assert review.read("which of those are usable commercially?", conv).op == "list"


def test_or_between_two_parts_of_a_field_joins_the_parts_not_the_conditions(review: Review) -> None:
    found = review.matches(review.read("assistants fine-tuned from LLaMA 7B whose data or weights are CC BY-NC"))
    assert {"alpaca", "baize"} <= found and not {"lamini-lm", "dromedary", "vicuna"} & found


def test_a_plural_question_phrase_before_a_verb_of_no_phrase_asks_for_the_set_using_what_follows(review: Review):
    found = review.read("apart from Alpaca itself, which models mixed the Stanford Alpaca data into their training?")
    assert found.op == "list" and {"baize", "koala"} <= review.matches(found)
    assert "alpaca" not in review.matches(found)
    assert review.read("which model did Alpaca fine-tune?").subjects == ("alpaca",)
    # one model asked for with a verb of making asks what made the entry named
    assert review.read("Which model generated the Unnatural Instructions data?").subjects == ("unnatural-instructions",)


def test_the_value_one_after_a_list_is_the_entry_of_the_list_holding_the_value(review: Review) -> None:
    listed = review.read("Which works use DPO?")
    conv = Conversation().after(listed, results=("dpo", "zephyr"))
    query = review.read("what base model did the Hugging Face one use?", conv)
    assert query.subjects == ("zephyr",) and query.fields == ("base_models",)
    assert any("Hugging Face one: Zephyr" in note for note in query.notes)


def test_the_value_the_entry_in_focus_holds_is_its_own(review: Review) -> None:
    conv = review.chat("What's StackLLaMA?")
    query = review.read("and what data was the reward model trained on?", conv)
    assert query.subjects == ("stackllama",) and "data_sources" in query.fields
    # a set asked for is not about the entry in focus, nor are other entries
    assert review.read("which works use the reward model?", conv).op == "list"
    conv = review.chat("what is T0?")
    assert not review.read("what else did the BigScience workshop put out?", conv).subjects


def test_a_statement_opened_by_a_category_noun_describes_one_entry_whatever_it_names(review: Review) -> None:
    # "about" before a number says roughly; the name inside a statement opened by a singular category noun is what
    # the entry described is built on
    query = review.read(
        "assistant distilled from about a million GPT-3.5-Turbo answers, curated in Atlas, LoRA on LLaMA 7B"
    )
    assert "llama" not in query.subjects and query.op in ("list", "search")
    assert review.read("tell me about Alpaca").op == "describe"
    assert review.read("alignment work released between March and May 2023").op == "list"  # a set, not one


def test_a_field_after_whose_is_the_field_of_the_set_and_a_copula_gives_its_value(review: Review) -> None:
    found = review.matches(review.read("alignment entries whose base model isn't LLaMA"))
    assert {"dpo", "instructgpt", "zephyr"} <= found and not {"stackllama", "llama", "falcon"} & found


def test_a_superlative_of_examples_ranks_by_the_units_that_count_examples(review: Review) -> None:
    rank = review.read("which instruction dataset has the fewest examples?").rank
    assert rank is not None and rank.field == "data_size" and "instances" in rank.units and "tasks" not in rank.units


def test_a_second_superlative_says_which_value_of_the_entry_counts(review: Review) -> None:
    rank = review.read("Which base model has the smallest largest variant?").rank
    assert rank is not None and rank.field == "model_sizes_b" and not rank.descending and rank.agg == "max"


def test_an_attribute_of_a_thing_the_review_has_only_as_a_value_is_missing(review: Review) -> None:
    for question in ("What is the context length of GPT-4?", "what is the license of GPT-4?"):
        query = review.read(question)
        assert query.op == "missing" and query.missing == "GPT-4"


def test_a_name_only_the_texts_mention_after_a_light_opening_is_missing_however_long_the_question(second: Review):
    query = second.read("What was the MIF-ST inverse folding model trained on?")
    assert query.op == "missing" and query.missing == "MIF-ST"


def test_a_factor_is_no_unknown_name(review: Review) -> None:
    query = review.read("the 11B zero-shot model trained on prompted English datasets that was 16x smaller than GPT-3")
    assert query.op not in ("missing", "decline")


def test_a_statement_whose_noun_is_plural_asks_for_a_set(review: Review) -> None:
    query = review.read("feedback-alignment entries that don't rely on GPT-4 feedback")
    assert query.op == "list" and {"dpo", "constitutional-ai"} <= review.matches(query)
    assert not {"ultrafeedback", "zephyr"} & review.matches(query)


def test_an_everyday_word_with_two_letters_swapped_is_no_unknown_name(review: Review) -> None:
    query = review.read("how mnay tokens was llama 2 pretrianed on")
    assert query.subjects == ("llama-2",) and "training_tokens" in query.fields
    assert review.read("what is Quixtral trained on?").op in ("missing", "decline")


def test_an_owner_written_before_a_name_says_which_entry_and_is_no_condition(review: Review) -> None:
    query = review.read("Was InstructGPT released before Anthropic's HH-RLHF?")
    assert query.op == "compare" and set(query.subjects) == {"instructgpt", "hh-rlhf"} and query.where is None
    built = review.read("which models are built on Meta's LLaMA?")
    assert {"alpaca", "vicuna", "koala"} <= review.matches(built)
    # the name describing what follows keeps the owner: it is the thing described that the owner made
    described = review.read("Meta's GPT-3 replication suite that came with a logbook of training problems")
    assert any(a.field == "organizations" for a in atoms(described.where))


def test_that_predecessor_right_after_a_predecessor_was_named_is_that_one(review: Review) -> None:
    conv = review.chat("What's Super-NaturalInstructions?", "what was its predecessor?")
    query = review.read("how many tasks did that predecessor have?", conv)
    assert query.subjects == ("natural-instructions",) and query.op == "lookup"


def test_the_one_from_a_value_after_a_list_is_the_one_entry_of_it_holding_the_value(review: Review) -> None:
    conv = Conversation(focus=("dpo",), results=("zephyr", "ultrafeedback"))
    query = review.read("what's the base model of the one from Hugging Face?", conv)
    assert query.subjects == ("zephyr",) and query.fields == ("base_models",) and query.where is None
    # several entries of the list hold it: no one entry is meant
    conv = Conversation(results=("llama", "opt", "llama-2"))
    assert review.read("when did the one from Meta AI come out?", conv).subjects != ("llama",)


def test_a_value_the_field_after_it_names_is_that_fields_value_not_the_entry_of_that_name(second: Review) -> None:
    query = second.read("Which representation models were trained without UniRef50 in their training data?")
    assert "esm-1v" in second.matches(query) and "esm-1b" not in second.matches(query)


def test_when_before_an_ing_verb_joins_a_clause_and_asks_no_date(review: Review) -> None:
    query = review.read("What did the InstructGPT paper find when comparing the 1.3B model to GPT-3 175B?")
    assert "date" not in query.fields and query.explain


def test_a_field_phrase_after_a_possessive_name_and_words_no_field_covers_belongs_to_those_words(review: Review):
    query = review.read("What is LIMA's superficial alignment hypothesis based on?")
    assert query.op == "text" and query.subjects == ("lima",) and "base_models" not in query.fields
    assert review.read("what is Alpaca's base model?").fields == ("base_models",)


def test_a_relation_to_an_indefinite_noun_means_some_value_of_it_is_recorded(review: Review, second: Review) -> None:
    query = review.read("Which assistants are fine-tuned from another model?")
    assert Atom("base_models", "any", (), "base model recorded") in atoms(query.where)
    assert "alpaca" in review.matches(query)
    built = second.read("Which encoder-decoder models are built on top of another model?")
    assert "prostt5" in second.matches(built) and "ankh" not in second.matches(built)


def test_only_before_a_sized_name_keeps_the_entries_built_on_that_size_alone(review: Review) -> None:
    query = review.read("which works fine-tuned only the 7B LLaMA?")
    assert {"alpaca", "gpt4all", "stackllama"} <= review.matches(query)
    assert not {"vicuna", "baize", "tulu"} & review.matches(query)


def test_a_phrase_naming_the_review_as_the_source_adds_no_words_to_the_question(review: Review) -> None:
    query = review.read("What did Hugging Face release in 2023 according to the review?")
    assert query.op == "list" and review.matches(query) == {"stackllama", "zephyr"}


def test_sizes_joined_by_slash_or_or_before_a_name_are_either_size_of_it(review: Review) -> None:
    query = review.read("Which non-commercial models were fine-tuned from the 30B/33B LLaMA?")
    assert {"vicuna", "baize", "wizardlm", "guanaco", "tulu"} <= review.matches(query)
    assert not {"alpaca", "koala"} & review.matches(query)
    assert not any(a.field == "model_sizes_b" for a in atoms(query.where))  # the sizes are the name's, no condition
    either = review.read("Which models were fine-tuned from a 7B or 13B LLaMA?")
    assert either.op == "list" and {"alpaca", "koala"} <= review.matches(either) and "tulu" in review.matches(either)
    # a size written for an entry only in another entry's values still names it ("LLaMA 30B")
    assert "baize" in review.matches(review.read("which works used the 30B LLaMA?"))


def test_a_verb_of_removal_negates_the_value_of_a_field_the_entry_records(review: Review) -> None:
    query = review.read("which method gets rid of the reward model?")
    assert Atom("preference_method", "any", (), "preference method recorded") in atoms(query.where)
    assert "dpo" in review.matches(query) and not {"instructgpt", "alpaca"} & review.matches(query)


def test_one_after_an_adjective_is_a_pronoun_not_a_number(second: Review) -> None:
    query = second.read("when did the bigger one come out?")
    assert not any(a.op == "gt" for a in atoms(query.where))


def test_a_name_built_on_an_entry_that_only_other_entries_mention_has_no_entry(review: Review) -> None:
    assert review.read("Tell me about Code Alpaca.").op in ("missing", "decline")
    assert review.read("what is Stanford Alpaca?").subjects == ("alpaca",)


def test_a_comparison_after_a_size_holds_across_hyphens(review: Review) -> None:
    query = review.read("Which LLaMA fine-tunes released in May 2023 have a 30B-or-larger version?")
    assert review.matches(query) == {"dromedary", "guanaco", "lima"}


def test_a_field_word_or_one_of_its_values_is_any_value_of_the_field(review: Review) -> None:
    query = review.read("What has Hugging Face done on preference optimization or RLHF?")
    assert review.matches(query) == {"stackllama", "zephyr"}


def test_not_part_of_a_name_leaves_that_entry_out(review: Review) -> None:
    query = review.read("EleutherAI models that aren't part of Pythia?")
    assert query.op == "list" and review.matches(query) == {"gpt-j", "gpt-neox-20b"}


def test_and_a_size_after_a_lookup_asks_the_same_of_the_entry_in_focus(review: Review) -> None:
    conv = review.chat("Who made Falcon?", "how many tokens was the biggest one trained on?")
    query = review.read("and the 7B?", conv)
    assert query.op == "lookup" and query.subjects == ("falcon",) and "training_tokens" in query.fields


def test_what_came_before_an_entry_with_an_earlier_version_is_that_version(review: Review) -> None:
    conv = review.chat("What is Super-NaturalInstructions?")
    assert review.read("and what came before it?", conv).subjects == ("natural-instructions",)
    assert review.read("what succeeded LLaMA?").subjects == ("llama-2",)
    # without an earlier version, the entries released before it
    assert review.read("what came before LLaMA?").op == "list"


def test_the_second_one_after_the_first_one_of_a_comparison_is_the_second_named(review: Review) -> None:
    conv = review.chat("Compare Orca and WizardLM", "who made the first one?")
    assert conv.focus == ("orca",)
    assert review.read("and the second one?", conv).subjects == ("wizardlm",)


def test_a_hyphenated_name_only_other_entries_write_has_no_entry(review: Review) -> None:
    assert review.read("When was OPT-IML released?").op in ("missing", "decline")
    assert review.read("what is GPT-NeoX-20B?").subjects == ("gpt-neox-20b",)


def test_at_least_as_many_as_an_entry_or_that_many_is_a_bound_not_a_superlative(review: Review) -> None:
    query = review.read("which other base models were trained on at least as many tokens as Chinchilla?")
    assert query.op == "list" and query.rank is None
    assert any(a.field == "training_tokens" and a.op == "ge" and a.values == (1.4e12,) for a in atoms(query.where))
    assert {"falcon", "llama-2"} <= review.matches(query) and not {"gpt-3", "opt", "chinchilla"} & review.matches(query)
    conv = review.chat("Tell me about the Chinchilla paper", "and how many tokens?")
    that_many = review.read("which other base models were trained on at least that many tokens?", conv)
    assert review.matches(that_many) == review.matches(query)


def test_a_name_only_stored_as_another_entrys_value_is_a_value_when_used_as_one(review: Review) -> None:
    query = review.read("Which task collections fine-tuned T5-family models (T5, T5-LM, Flan-T5)?")
    assert query.op == "list" and {"t0", "unnatural-instructions"} <= review.matches(query)
    assert review.read("Tell me about Code Alpaca.").op in ("missing", "decline")  # asked about: no entry


def test_a_noun_in_a_phrase_on_what_the_set_used_does_not_name_the_set(review: Review) -> None:
    query = review.read("the open models from the Abu Dhabi institute trained mostly on the RefinedWeb corpus")
    assert not any(a.field == "category" for a in atoms(query.where))
    # but "in the alignment section" says where the set is
    assert "zephyr" in review.matches(review.read("which 7B model in the alignment section isn't built on LLaMA?"))


def test_two_entries_names_joined_by_a_hyphen_name_a_thing_without_an_entry(second: Review) -> None:
    assert second.read("how many parameters does ProtBert-BFD have?").op in ("missing", "decline")
    assert "BFD" in str(second.read("which models were trained on BFD?").where)


def test_a_negated_field_after_a_modifier_no_phrase_names_is_not_read_as_empty(second: Review) -> None:
    query = second.read("which datasets are not under a share-alike license?")
    assert not any(a.op == "empty" for a in atoms(query.where))
    assert any(a.op == "empty" for a in atoms(second.read("which models have no stated license?").where))


def test_the_same_way_right_after_one_field_was_answered_shares_that_fields_value(second: Review) -> None:
    conv = second.chat("Tell me about ProtGPT2", "what architecture does it use?")
    conv = replace(conv, fields=("architecture",))  # (the answer asked that field)
    query = second.read("which other models are built the same way?", conv)
    assert second.matches(query) == {"progen", "rita", "progen2"}


def test_a_yes_no_question_with_words_the_review_never_uses_is_not_verified_of_the_entry(review: Review) -> None:
    conv = review.chat("Tell me about Koala", "who made it?")
    assert review.read("can you recommend a good pizza place in Berkeley?", conv).op != "verify"
    assert review.read("is it from UC Berkeley?", conv).op == "verify"


def test_a_capitalised_word_with_another_number_than_an_entrys_is_another_version() -> None:
    # "Gemma" alone is an everyday word (a first name) and no entry's name; with a number it is the family of Gemma 2
    shipped = Review(CORPUS)
    assert shipped.read("What license does Gemma 3 use?").op in ("missing", "decline")
    assert shipped.read("Summarise the Gemma 3 technical report").op in ("missing", "decline")
    assert shipped.read("What license does Gemma 2 use?").subjects == ("gemma-2",)


def test_a_date_after_another_date_field_compares_that_field_which_falls_back_to_the_date() -> None:
    shipped = Review(CORPUS)
    query = shipped.read("Which entries first appeared in 2024 but have a paper dated 2025?")
    assert {a.field for a in atoms(query.where)} == {"date", "paper_date"}
    assert shipped.matches(query) == {"infinity-instruct", "olmo-2"}
    # an entry that states no paper date has its paper in the month of its date (the dating rule)
    assert "deepseek-r1" in shipped.matches(shipped.read("which works have a paper date after 2024?"))


@pytest.fixture(scope="module")
def grown() -> Review:
    return Review(CORPUS)


def test_a_field_word_qualifying_a_noun_is_no_condition_on_the_field(grown: Review) -> None:
    # "without a reference model": the paper field's word "reference" names a kind of model, not a missing paper
    query = grown.read("Which preference optimisation methods do without a reference model?")
    assert not any(a.field == "paper" for a in atoms(query.where))
    assert grown.read("Which works have no license?").where is not None  # a field negated on its own still is


def test_a_relation_word_before_a_value_of_another_field_asks_nothing_of_it(grown: Review) -> None:
    # GRPO is an alias of an entry no entry names as its base model: "on top of GRPO" is no base model asked
    assert "base_models" not in grown.read("What changes does DAPO make on top of GRPO?").fields
    assert grown.read("Which works were fine-tuned on top of Llama 2?").where is not None


def test_a_shorter_name_then_a_field_phrase_reads_the_field(grown: Review) -> None:
    # the paper's title is "Qwen2.5 Technical Report"; in lower case the words after the name ask its paper date
    assert "paper_date" in grown.read("When did the Qwen2.5 technical report come out?").fields
    assert grown.read("Tell me about the Qwen2.5 Technical Report").subjects == ("qwen2-5",)


def test_from_a_date_on_means_onwards(grown: Review) -> None:
    query = grown.read("Which works from November 2023 on used GPT-4?")
    assert any(a.field == "date" and a.op == "ge" for a in atoms(query.where)), query.where


def test_another_version_written_as_one_word_is_declined(grown: Review) -> None:
    assert grown.read("How many conversations are in OpenAssistant's oasst2 release?").op in ("missing", "decline")
    assert grown.read("How many messages does oasst1 have?").subjects == ("oasst1",)


def test_a_part_asked_without_a_name_asks_the_entry_in_focus(grown: Review) -> None:
    conv = grown.chat("What is seq-kd?")
    query = grown.read("what's the code license?", conv)
    assert query.subjects == ("seq-kd",) and query.fields == ("license",) and query.parts == ("code",)


def test_a_yes_no_question_after_the_makers_asks_about_the_entry(grown: Review) -> None:
    conv = grown.chat("What's ConTinTin?", "who made it?")
    query = grown.read("can I download their code or models?", conv)
    assert query.subjects == ("contintin",) and query.op == "verify"
    assert grown.read("are there other works by them?", conv).op == "list"
    released = grown.read("were any models or code released?", conv)  # whether it released them, not who did
    assert released.subjects == ("contintin",) and released.op == "verify"


def test_a_teacher_by_the_maker_a_group_is_named_after_is_in_the_group(grown: Review) -> None:
    query = grown.read("Which works from 2024 on used a teacher model that is not from OpenAI?")
    matched = grown.matches(query)
    assert "tulu-3" not in matched and {"magpie", "openthoughts"} <= matched  # Tulu 3's teacher GPT-4o is OpenAI's


def test_a_thing_counted_asked_with_what_asks_the_text_not_the_amount(grown: Review) -> None:
    # "what are the preference trees in X?" asks what they are; "X SFT samples?" and "how many …" ask the amount
    assert grown.read("What are the preference trees in UltraInteract?").fields == ()
    assert grown.read("What does a MetaICL training example look like?").fields == ()
    assert grown.read("Tulu 3 sft samples?").fields == ("data_size",)
    assert grown.read("How many preference pairs does UltraInteract have?").fields == ("data_size",)
    assert grown.read("Which has more training samples: OpenThoughts or s1?").fields == ("data_size",)


def test_each_noun_says_which_size_of_its_own_clause(grown: Review) -> None:
    query = grown.read("How many datasets does MetaICL use, and how big was the model they meta-trained?")
    assert {"data_size", "model_sizes_b"} <= set(query.fields)
    assert grown.read("how big is the Alpaca dataset").fields == ("data_size",)


def test_a_name_with_a_capital_part_added_is_another_name_but_a_typo_is_not(grown: Review) -> None:
    assert grown.read("How many active parameters does OLMoE have?").op in ("missing", "decline")
    assert grown.read("what is OLMoE?").subjects == ()
    assert grown.read("what is Alpacaa?").subjects == ("alpaca",)
    assert grown.read("tell me about Vicunaa").subjects == ("vicuna",)


def test_a_kind_named_before_the_word_category_is_that_kind(grown: Review) -> None:
    query = grown.read("How many works does the review have in its reasoning category?")
    assert grown.matches(query) == {"deepseek-math", "deepseek-r1", "openthoughts", "s1", "limo", "dapo"}
    conv = grown.chat("What is Alpaca?")
    assert grown.read("what is its category?", conv).fields == ("category",)


def test_that_same_model_after_a_base_model_means_that_model_in_a_set_question(grown: Review) -> None:
    conv = grown.chat("What is SPIN?", "what's its base model?")
    query = grown.read("which other works in the review start from that same model?", conv)
    matched = grown.matches(query)
    assert {"zephyr", "orpo", "simpo", "openhermes-2-5"} <= matched and "spin" not in matched
    # "they" after the base models is still the entry's makers
    conv = grown.chat("What's OpenThoughts?", "which teacher models did they use?")
    assert grown.read("and which models did they fine-tune?", conv).subjects == ("openthoughts",)


def test_the_noun_of_a_date_field_picks_that_date(grown: Review) -> None:
    query = grown.read("Starling-7B: when was the model released and when did the paper appear?")
    assert query.fields == ("date", "paper_date")
    conv = grown.chat("Tell me about Infinity-Instruct", "when was the data first released?")
    assert grown.read("and the paper?", conv).fields == ("paper_date",)
    conv = grown.chat("what license does Dolly's dataset use?")
    assert grown.read("and its weights?", conv).parts == ("weights",)


def test_or_between_two_verbs_joins_the_verbs_not_two_conditions(grown: Review) -> None:
    query = grown.read("Which works that used GPT-4 to generate or rate their data came out after October 2023?")
    assert isinstance(query.where, And) and {a.field for a in atoms(query.where)} == {"teacher", "date"}
    assert "alpaca-gpt4" not in grown.matches(query)


def test_a_relation_to_an_indefinite_field_noun_says_it_is_recorded(grown: Review) -> None:
    query = grown.read("Which reasoning works trained on data written by a teacher model?")
    assert grown.matches(query) == {"deepseek-r1", "openthoughts", "s1"}


def test_a_plain_word_stored_as_a_value_means_it_when_nothing_else_does(grown: Review) -> None:
    both = grown.read("Which works from 2024 onwards release both their data and a tool to generate or collect it?")
    assert {"magpie", "tulu-3", "s1"} <= grown.matches(both) and not {"helpsteer2", "limo"} & grown.matches(both)
    neither = grown.read("Which 2025 works release data but no tool for generating it?")
    assert {"dapo", "limo"} <= grown.matches(neither) and not {"openthoughts", "s1"} & grown.matches(neither)


def test_a_negated_copula_reaches_past_about(grown: Review) -> None:
    query = grown.read("Which Stanford works are not about alignment?")
    assert {"alpaca", "s1"} <= grown.matches(query) and not {"dpo", "kto"} & grown.matches(query)


def test_a_demonstrative_of_a_time_refers_to_no_entry(grown: Review) -> None:
    conv = grown.chat("What is KTO?", "who made it?")
    query = grown.read("ok and what's the weather going to be like in Paris this weekend?", conv)
    assert query.subjects == ()


def test_a_verb_of_stating_before_a_kind_phrase_makes_it_the_field(grown: Review) -> None:
    query = grown.read("Which alignment papers don't name any base model they tuned?")
    assert {"ipo", "rloo"} <= grown.matches(query) and not {"dpo", "kto"} & grown.matches(query)
    assert grown.read("which works have no base model?").where == Atom(
        "base_models", "empty", (), "base model: none recorded"
    )
    assert "gpt-3" not in grown.matches(grown.read("which works aren't base models?"))


def test_a_word_of_quantity_inside_a_phrase_keeps_the_phrase(grown: Review) -> None:
    query = grown.read("which task collections were NOT evaluated on a range of NLP tasks?")
    assert grown.matches(query) == {"zest"}


def test_not_clearly_also_holds_where_the_review_is_not_sure(grown: Review) -> None:
    query = grown.read("Of the models fine-tuned from Qwen2.5, which one doesn't clearly allow commercial use?")
    assert grown.matches(query) == {"s1"}  # s1's commercial use is recorded as unclear
    assert "s1" not in grown.matches(
        grown.read("Of the models fine-tuned from Qwen2.5, which don't allow commercial use?")
    )


def test_that_category_after_the_category_was_asked_means_the_entries_of_it(grown: Review) -> None:
    conv = grown.chat("What is Alpaca?", "which category is it in?")
    query = grown.read("which other works are in that category?", conv)
    matched = grown.matches(query)
    assert {"vicuna", "dolly"} <= matched and not {"alpaca", "dpo", "llama"} & matched


def test_a_field_asked_with_a_kind_modifying_another_noun_asks_the_entry_in_focus(grown: Review) -> None:
    conv = grown.chat("What is s1?")
    query = grown.read("who generated the reasoning traces?", conv)
    assert query.subjects == ("s1",) and query.fields == ("teacher",)
    assert len(grown.matches(grown.read("which reasoning models are from 2025?", conv))) > 1


def test_the_kind_phrase_of_a_field_after_one_entry_asks_that_entrys_field(grown: Review) -> None:
    conv = grown.chat("What's Orca 2?")
    for question in ("what were the base models?", "what are its base models?"):
        query = grown.read(question, conv)
        assert query.subjects == ("orca-2",) and query.fields == ("base_models",), question
    assert grown.read("list the base models", conv).subjects == ()  # a listing still lists the kind
    apart = grown.matches(grown.read("What has Meta contributed apart from its base models?"))
    assert "lima" in apart and "llama" not in apart  # "its" of a maker named: the kind


def test_they_after_a_license_are_the_makers_not_the_license(grown: Review) -> None:
    conv = grown.chat("Tell me about InstructDial", "what's the license?")
    query = grown.read("which models did they fine-tune?", conv)
    assert query.subjects == ("instructdial",) and query.fields == ("base_models",)


def test_one_negation_of_release_covers_every_part_listed(grown: Review) -> None:
    for question in (
        "which works from 2024 or later never released any weights or data?",
        "Among the alignment papers since 2024, which ones never released any weights, code or data?",
    ):
        query = grown.read(question)
        assert all(a.op == "empty" for a in atoms(query.where) if a.field in ("links", "license")), question
        assert {"self-rewarding", "rloo"} <= grown.matches(query) and "helpsteer2" not in grown.matches(query)
    listed = grown.read("which works released weights, code and data?")
    assert {a.values for a in atoms(listed.where) if a.op == "any"} == {("weights",), ("code",), ("data",)}


def test_a_part_released_before_and_another_condition_is_a_condition_of_its_own(grown: Review) -> None:
    query = grown.read("which reasoning works release their data and also allow commercial use?")
    assert grown.matches(query) == {"openthoughts", "limo", "dapo"}


def test_the_last_part_of_a_hyphenated_name_is_a_short_form_of_it(grown: Review) -> None:
    assert grown.read("what license are the R1 weights under?").subjects == ("deepseek-r1",)
    # a model the review names as a value ("GPT4") is no short form of "Alpaca-GPT4"
    assert grown.read("which works used GPT4 as a teacher?").subjects == ()


def test_a_date_compared_with_a_noun_of_another_date_field_asks_both_dates(grown: Review) -> None:
    query = grown.read("When was the Infinity-Instruct data released compared with its paper?")
    assert "paper_date" in query.fields and "paper" not in query.fields
    assert "paper" in grown.read("when was Alpaca released and what is its paper?").fields


def test_a_version_after_a_hyphen_is_no_short_form(grown: Review) -> None:
    # "LIMO-v2" is not "v2", nor is "DeepSeek-V2" (which the review lacks) LIMO
    assert grown.read("When was DeepSeek-V2 released?").subjects == ()
    conv = grown.chat("What's Baize?")
    assert grown.read("what did v2 add?", conv).subjects == ("baize",)


def test_an_or_between_two_spellings_of_one_value_joins_no_conditions(grown: Review) -> None:
    query = grown.read("Which works from Cohere or Cohere For AI are usable commercially?")
    assert isinstance(query.where, And) and grown.matches(query) == {"aya-dataset"}
    either = grown.read("which works are from Google or allow commercial use?")  # two fields: still either
    assert not isinstance(either.where, And)


def test_the_largest_of_the_entries_an_answer_linked_is_by_the_sizes_it_stated(grown: Review) -> None:
    conv = grown.chat("What is SimPO?")
    asked = grown.read("Which base models did they use?", conv)
    conv = conv.after(asked, focus=asked.subjects, linked=tuple(grown.table.linked("simpo", "base_models")))
    query = grown.read("how big is the largest of those?", conv)
    # the 9B Gemma 2 the entry names, not the 405B Llama 3 its own entry records
    assert query.op == "rank" and dict(query.stated) == {"gemma-2": 9e9, "llama-3": 8e9, "mistral-7b": 7e9}
    again = grown.read("and the smallest?", conv.after(query, focus=("gemma-2",), results=("gemma-2",)))
    assert again.op == "rank" and again.stated == query.stated


def test_a_name_asked_of_an_entry_referred_to_after_a_preposition_keeps_that_entry(grown: Review) -> None:
    conv = grown.chat("What's ZEST?")
    for question in ("how well did T5 do on it?", "and how well did the T5 baseline do on it?"):
        assert grown.read(question, conv).subjects == ("zest",), question
    assert set(grown.read("how does it compare to T5?", conv).subjects) == {"zest", "t5"}


def test_what_a_value_did_asks_the_field_that_tells_the_roles_of_those_values(grown: Review) -> None:
    query = grown.read("what exactly did GPT-4o do there?", grown.chat("What is Tulu 3?"))
    assert query.subjects == ("tulu-3",) and query.fields == ("teacher_role",) and query.where is None
    query = grown.read("what role did Llama 3 play?", grown.chat("tell me about Magpie"))
    assert query.subjects == ("magpie",) and query.fields == ("teacher_role",)
    conv = grown.chat("What's Orca 2?", "which models were the teachers?")
    assert conv.last is not None and conv.last.fields == ("teacher",)  # the entry's, not every work in the review
    assert grown.read("what did each of them do?", conv).fields == ("teacher_role",)
    assert grown.read("is there any dataset from 2024?", conv).subjects == ()  # "is there": no place
    conv = grown.chat("What is UltraInteract?", "which models wrote the data?")
    assert conv.last is not None and conv.last.subjects == ("ultrainteract",) and conv.last.fields == ("teacher",)
    assert grown.read("what did GPT-4 do exactly?", conv).fields == ("teacher_role",)
    assert grown.read("How did Self-Instruct clean up the instructions GPT-3 generated?").fields != ("teacher_role",)


def test_that_noun_the_last_question_gave_the_entry_as_its_own_is_the_entrys(grown: Review) -> None:
    conv = grown.chat("tell me about Magpie")
    asked = grown.read("which models generated its data?", conv)
    conv = conv.after(asked, focus=("magpie",), linked=tuple(grown.table.linked("magpie", "teacher")))
    assert conv.linked  # (the teacher has an entry of its own)
    assert grown.read("and what license is that data under?", conv).subjects == ("magpie",)
    assert grown.read("and who made that model?", conv).subjects != ("magpie",)
    # "its base model" asked the field: "that base model" is the value the answer gave, not the entry
    conv = grown.chat("What is Zephyr?")
    asked = grown.read("what's its base model?", conv)
    conv = conv.after(asked, focus=("zephyr",), linked=tuple(grown.table.linked("zephyr", "base_models")))
    assert grown.read("when was that base model released?", conv).subjects == ("mistral-7b",)


def test_a_dataset_of_their_own_is_the_data_a_work_offers(grown: Review) -> None:
    # "released their own dataset", "no dataset of their own": the data offered (an empty record offers none)
    built = grown.matches(grown.read("Which works built on Pythia also released their own dataset?"))
    assert built == {"dolly", "oasst1"}
    tool_only = grown.matches(grown.read("Which works offer a data-collection tool but no dataset of their own?"))
    assert tool_only == {"flan-2021", "instructdial", "metaicl"}
    negated = grown.read("which works that offer data don't offer a tool?")
    assert any(isinstance(c, Not) for c in (negated.where.items if isinstance(negated.where, And) else ()))
    assert "vicuna" in grown.matches(grown.read("which datasets were made using ChatGPT?"))  # the noun: the kinds


def test_a_description_of_one_entry_is_searched_whatever_names_it_holds(grown: Review) -> None:
    for question in (
        "Hugging Face's 10k fully human-written SFT set modelled on InstructGPT's task categories",
        "the reasoning paper that fine-tuned Qwen2.5-32B-Instruct on a few hundred hand-picked competition problems",
        "the open reasoning-data project led by Bespoke Labs that distilled traces first from R1 and later from QwQ",
    ):
        query = grown.read(question)
        assert query.op == "search" and query.subjects == () and query.missing is None, question
    assert grown.read("the Falbo-3 paper that introduced a new loss").op in ("missing", "decline")  # its head
    assert grown.read("InstructGPT fine-tuned GPT-3 with human feedback on these tasks").op != "search"  # a name


def test_a_negation_whose_object_made_no_condition_ends_at_its_clause(grown: Review) -> None:
    query = grown.read("a 10K SFT set written entirely by human annotators, no model text at all, from Hugging Face")
    assert not any(isinstance(c, Not) for c in (query.where.items if isinstance(query.where, And) else ()))
    aside = grown.read("which works are not, as far as you know, from Meta?")
    assert isinstance(aside.where, Not)


def test_which_of_the_values_just_stated_have_entries_lists_the_entries_they_name(grown: Review) -> None:
    conv = grown.chat("Tell me about OpenThoughts")
    asked = grown.read("which teacher models did it use?", conv)
    assert asked.fields == ("teacher",)  # the field's own phrase, though made with the noun "models"
    conv = conv.after(asked, focus=("openthoughts",), linked=tuple(grown.table.linked("openthoughts", "teacher")))
    query = grown.read("which of those has its own entry in the review?", conv)
    assert query.op == "list" and query.within == ("deepseek-r1",) and query.where is None
    conv = grown.chat("what's Humpback?", "which org made it?")
    assert grown.read("list the other entries from that org", conv).within is None  # not "of those"


def test_they_fine_tuned_after_the_makers_is_the_entrys_field(grown: Review) -> None:
    conv = grown.chat("What's Infinity-Instruct?", "who made it?")
    query = grown.read("which base models did they fine-tune?", conv)
    assert query.subjects == ("infinity-instruct",) and "base_models" in query.fields
    others = grown.read("what else did they make?", conv)
    assert others.subjects == () and "infinity-instruct" not in grown.matches(others)


def test_a_kind_of_value_after_what_asks_the_field_and_that_noun_then_refers_to_its_value(grown: Review) -> None:
    conv = grown.chat("Tell me about DeepSeekMath")
    asked = grown.read("what RL algorithm did it introduce?", conv)
    assert asked.op == "lookup" and asked.fields == ("preference_method",)
    conv = conv.after(asked, focus=("deepseek-math",))
    found = grown.matches(grown.read("which other works in the review use that algorithm?", conv))
    assert {"deepseek-r1", "deepseek-v3", "qwen2-5"} <= found and "deepseek-math" not in found


def test_a_definite_thing_of_the_entry_talked_about_keeps_the_question_on_it(grown: Review) -> None:
    conv = grown.chat("Tell me about the Aya dataset", "how many languages does it cover?")
    assert grown.read("which model did the machine translation?", conv).subjects == ("aya-dataset",)
    conv = grown.chat("What does the review say about WildChat?", "which models answered the users?")
    query = grown.read("what share of the conversations came from GPT-4?", conv)
    assert query.subjects == ("wildchat",) and "data_sources" in query.fields
    # a set is still a set: "other", or a plain plural noun ("which models …")
    assert grown.read("which other works came from GPT-4?", conv).subjects == ()
    assert grown.read("which models were trained on the data?", conv).subjects == ()


def test_a_superlative_of_a_number_in_a_phrase_still_ranks(grown: Review) -> None:
    query = grown.read("base model trained on the fewest tokens")
    assert query.op == "rank" and query.rank is not None and not query.rank.descending


def test_a_name_with_a_word_of_its_line_means_every_version(grown: Review) -> None:
    versions = grown.read("which Tulu versions are not built on Llama 2?")
    assert grown.matches(versions) == {"tulu", "tulu-3"}
    query = grown.read("Of the general-assistant works since November 2023, which one didn't use a Llama base?")
    found = grown.matches(query)
    assert "openhermes-2-5" in found and not {"tulu-2", "orca-2", "magpie", "tulu-3"} & found  # any Llama
    assert grown.matches(grown.read("which works were fine-tuned from LLaMA?")) & {"tulu-3", "magpie"} == set()


def test_between_a_name_with_its_noun_and_another_is_a_range_of_dates(grown: Review) -> None:
    query = grown.read("Which works came out between the Self-Rewarding Language Models paper and ORPO?")
    found = grown.matches(query)
    assert {"aya-dataset", "deepseek-math", "rloo"} <= found and not {"llama-3", "phi-3"} & found


def test_a_yes_no_question_whether_two_dates_are_the_same_says_so(grown: Review) -> None:
    query = grown.read("Did InstructDial and CT0 come out in the same month?")
    assert query.op == "lookup" and query.yes_no and set(query.subjects) == {"instructdial", "ct0"}
    order = grown.read("Put the three Tulu releases in date order.")
    assert grown.matches(order) == {"tulu", "tulu-2", "tulu-3"}


def test_the_first_of_a_name_the_review_has_only_a_later_version_of_is_missing(grown: Review) -> None:
    query = grown.read("Tell me about the first OLMo model from February 2024.")
    assert query.op == "missing" and query.missing == "OLMo"
    assert grown.read("what was the first Tulu model?").subjects == ("tulu",)  # the review has the first one


def test_a_name_and_a_word_of_its_line_after_a_relation_is_what_it_relates_to(grown: Review) -> None:
    query = grown.read("Among the task-collection papers, which fine-tuned an 11B model from the T5 family?")
    assert {"t0", "super-natural-instructions", "flan-collection"} <= grown.matches(query)


def test_a_name_left_out_by_the_word_after_it_is_no_subject(grown: Review) -> None:
    query = grown.read("Zephyr aside, which work trained with DPO on UltraFeedback?")
    assert query.op == "list" and query.subjects == ()
    found = grown.matches(query)
    assert "tulu-2" in found and "zephyr" not in found


def test_an_entry_that_records_no_offer_offers_neither_data_nor_a_tool(grown: Review) -> None:
    query = grown.read("Which alignment or reasoning works from 2024 onwards released neither data nor a data tool?")
    assert grown.matches(query) == {"deepseek-math", "deepseek-r1", "orpo", "rloo", "self-rewarding"}


def test_a_measure_or_count_that_no_field_names_is_asked_with_its_words(review):
    # "the learning rate", "how many GPUs": the entry's text must hold these words (Executor.holds)
    query = review.read("What learning rate did Alpaca use?")
    assert query.subjects == ("alpaca",) and query.attribute == "the learning rate"
    assert set(query.attribute_stems) == {"learning", "rate"}
    assert review.read("What is Alpaca's vocabulary size?").attribute_stems == ("vocabulary",)
    assert review.read("What is the h-index of the Alpaca authors?").attribute_stems == ("index",)
    counted = review.read("How many GitHub stars does Alpaca have?")
    assert counted.subjects == ("alpaca",) and counted.attribute == "the number of GitHub stars"
    # a count of a thing written as a name ("GPUs") too: the entry's text must speak of it (Guanaco's does)
    assert review.read("How many GPUs was Guanaco tuned on?").attribute == "the number of GPUs"
    # a measure a field names, a unit of a field, a comparison, a finding, a qualifier, a misspelt word: nothing more
    # to hold
    for question in (
        "What is the exact size of Alpaca's data?",
        "What is the modle size of LLaMA?",
        "how many exactly did Alpaca use?",
        "how many paramters dose LLaMA have",
        "What size is LLaMA?",
        "How many examples is Alpaca trained on?",
        "how many times bigger is LLaMA than Alpaca?",
        "how much bigger is LLaMA than Alpaca?",
        "What is the main finding of LIMA?",
    ):
        assert review.read(question).attribute is None, question


def test_a_measure_asked_of_a_thing_the_review_has_only_as_a_value_is_no_entry(grown):
    # "What's …": the opening "what" asks for no list; GPT-4o is only a teacher of some entries
    for question in ("What's the context window length of GPT-4o?", "What vocabulary size does GPT-4o have?"):
        query = grown.read(question)
        assert query.op == "missing" and query.missing == "GPT-4o", question
    assert grown.read("What works use GPT-4o?").op == "list"
    # an organisation too, when a measure no phrase of the review covers is asked of it
    for question in ("what's NVIDIA's stock price today", "What is the market value of NVIDIA?"):
        query = grown.read(question)
        assert query.op == "missing" and query.missing == "NVIDIA", question
    assert grown.read("What works did NVIDIA release?").op == "list"


def test_a_count_of_a_thing_only_another_entrys_text_speaks_of_is_asked_with_its_words(grown):
    # "citation" is a word of the paper field and one entry's notes speak of a citation: still no count of LIMA's
    query = grown.read("How many citations does the LIMA paper have?")
    assert query.subjects == ("lima",) and query.attribute == "the number of citations"
    assert len(query.attribute_stems) == 1 and query.attribute_stems[0].startswith("citat")


def test_a_measure_asked_of_an_owner_of_several_words(grown):
    # "Vicuna-13B's", "Contextual AI's": the owner is the whole name, and a capitalised word is no misspelling
    query = grown.read("What's Vicuna-13B's current Elo rating on Chatbot Arena?")
    assert query.subjects == ("vicuna",) and query.attribute_stems == ("elo",)
    assert grown.read("What's LIMA's MMLU score?").attribute_stems == ("mmlu",)
    for question, owner in (("what's Contextual AI's current valuation?", "Contextual AI"),
                            ("what's Meta's share price right now?", "Meta")):  # fmt: skip
        query = grown.read(question)
        assert query.op == "missing" and query.missing == owner, question


def test_a_condition_required_and_denied_at_once_is_denied(grown):
    # the "not" stands before "general assistants"; "chatbots", a word of the same category, stood outside it
    query = grown.read("Which UC Berkeley works are not general assistants / chatbots?")
    assert grown.matches(query) == {"starling", "openthoughts"}


def test_a_word_joined_to_a_value_that_spells_another_value_of_its_field_is_that_value(grown):
    # "data" alone is a part of a license or of links; beside "a tool" with nor/but not it is the other offer
    neither = grown.read("general-assistant works that released neither data nor a tool")
    assert grown.matches(neither) == {"vicuna", "koala", "orca", "humpback", "orca-2"}
    tool_only = grown.read("works that offer a tool but not data")
    offers = [grown.table.value_of(rid, "offers") or () for rid in grown.matches(tool_only)]
    assert offers and all("tool" in held and "data" not in held for held in offers)


def test_a_name_the_vocabulary_knows_but_no_entry_holds_is_no_entry(review):
    # the shipped profile knows these names; none of the 47 entries of 2023 holds them
    for question, name in (("Who made Phi-2?", "Phi-2"), ("Explain the KTO alignment method", "KTO"),
                           ("When was OpenOrca released?", "OpenOrca")):  # fmt: skip
        query = review.read(question)
        assert query.op == "missing" and query.missing == name, question
    # it is an unknown name wherever it stands: a set filtered by it, a comparison with an entry
    for question in ("which works were fine-tuned from Phi-2?", "How does KTO compare to DPO?"):
        assert review.read(question).op == "missing", question


def test_an_entry_asked_for_is_that_entry_or_no_entry(grown):
    assert grown.read("Is there an entry on Orca?").subjects == ("orca",)
    assert grown.read("does the review have an entry for LIMA?").op == "describe"
    query = grown.read("Does the review have an entry for Gorilla, the API-calling LLM?")
    assert query.op == "missing" and query.missing == "Gorilla"


def test_a_long_name_misspelt_in_several_words_and_a_document_of_an_entry(grown):
    # a letter off in each of three words of a four-word name; "README" says where in the work, not which work
    assert grown.read("what does the sequnce level knowlege distilation paper do").subjects == ("seq-kd",)
    query = grown.read("What did the Self-Instruct README's audit say about the quality of the generated data?")
    assert query.subjects == ("self-instruct",) and query.op != "missing"


def test_an_entry_named_with_one_of_its_sizes_is_compared_at_that_size(grown):
    query = grown.read("Is Mixtral 8x7B larger in total parameters than Falcon-40B?")
    assert query.op == "compare" and dict(query.stated) == {"falcon": pytest.approx(40e9)}
    # named without a size (or with a size it does not have): its own sizes, as before
    assert grown.read("is LLaMA bigger than Falcon?").stated == ()


def test_a_method_named_as_a_stage_of_the_entry_in_focus_is_that_entrys_stage(grown):
    # Zephyr's entry names DPO: "the DPO step" is a stage of Zephyr's recipe, not the DPO paper asked about
    conv = grown.chat("What is Zephyr?")
    assert grown.read("What data did they use for the DPO step?", conv).subjects == ("zephyr",)
    # the words of a value name a stage as well: InstructGPT's reward-model stage, not the works using reward models
    conv = grown.chat("Tell me about InstructGPT")
    query = grown.read("how many prompts went into the reward model stage?", conv)
    assert query.op in ("lookup", "text") and query.subjects == ("instructgpt",) and query.where is None
    # "that" after Zephyr's data may be a dataset it names, but only Zephyr's own amount counts preference pairs
    conv = grown.chat("What is Zephyr?", "What data did they use for the DPO step?")
    assert grown.read("How many preference pairs is that?", conv).subjects == ("zephyr",)
    # "the Dolly part" of a data mix is Dolly itself
    conv = grown.chat("What's Tulu?", "what's in its data mix?")
    assert grown.read("who released the Dolly part?", conv).subjects == ("dolly",)


def test_a_spelling_of_one_value_that_begins_another_is_the_value_it_spells(grown):
    # "Google" spells Google Research and begins "Google DeepMind": with both named, both are asked for
    query = grown.read("Which alignment works come from Google or Google DeepMind?")
    assert grown.matches(query) == {"rlaif", "ipo"}


def test_the_subject_after_an_auxiliary_is_asked_about_not_the_object_of_of(grown):
    for question in ("What weakness of DPO does the IPO paper point out?",
                     "What failure mode of DPO does the IPO paper point out?"):  # fmt: skip
        assert grown.read(question).subjects == ("ipo",), question


def test_a_capitalised_word_or_abbreviation_joined_before_a_name_makes_another_name(grown):
    # "Dr. GRPO" is a later method, not the entry that introduced GRPO
    query = grown.read("Does the review say anything about Dr. GRPO?")
    assert query.op in ("missing", "decline") and query.missing == "Dr. GRPO"


def test_the_catch_asks_for_the_caveats_of_the_entry_talked_about(review):
    # the profile lists "catch" and "fine print" among the words of its notes field
    conv = review.chat("Tell me about Llama 2")
    query = review.read("what's the catch?", conv)
    assert query.subjects == ("llama-2",) and "notes" in query.fields


def test_that_method_after_a_text_field_naming_no_entry_is_the_values_it_names(review):
    # StackLLaMA's preference method is written "RLHF (PPO with a LoRA reward model, …)": no entry, three values
    conv = review.chat("Tell me about StackLLaMA", "what RL algorithm did it use?")
    query = review.read("which other works use that algorithm?", conv)
    found = review.matches(query)
    assert {"instructgpt", "hh-rlhf"} <= found and "dpo" not in found and "stackllama" not in found


def test_it_after_a_name_the_review_has_no_entry_on_is_that_name(grown):
    conv = grown.chat("Tell me about Llama 3", "what about Llama 4?")
    assert conv.last is not None and conv.last.missing == "Llama 4"
    query = grown.read("when did it come out?", conv)
    assert query.op == "missing" and query.missing == "Llama 4" and query.follow_up
    # the entry named again, or a refusal of no name before it: the entry talked about
    assert grown.read("when did Llama 3 come out?", conv).subjects == ("llama-3",)
    off_topic = grown.chat("Tell me about Llama 3", "what is the weather like?")
    assert grown.read("when did it come out?", off_topic).subjects == ("llama-3",)


def test_words_joined_by_hyphens_into_a_versioned_name_are_one_name_the_review_lacks(review):
    # each part alone may be an everyday word ("AM", "Thinking"); joined with a version they name one thing
    for question, name in (
        ("ok and what about the AM-Thinking-v1 distilled dataset?", "AM-Thinking-v1"),
        ("Tell me about Quill-Thinking-v2", "Quill-Thinking-v2"),
    ):
        query = review.read(question)
        assert query.op in ("missing", "decline") and query.missing == name, question
    assert review.read("How does Llama-2-Chat compare to Alpaca?").subjects == ("llama-2", "alpaca")


def test_a_field_compared_before_the_comparative_is_compared_by_the_number_that_measures_it(grown):
    query = grown.read("Is Tulu 3's SFT mixture larger than Tulu 2's?")
    assert query.op == "compare" and query.rank is not None and query.rank.field == "data_size"
    plain = grown.read("Is Tulu 3 larger than Tulu 2?")
    assert plain.rank is not None and plain.rank.field == "model_sizes_b"
