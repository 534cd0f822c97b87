"""Read a question, in its conversation, into a typed ``Query``.

The lexicon tags the words; ``conditions.py`` reads the conditions; this module decides the rest from the grammar of
questions in general: which entries are the subjects (named, or referred to as "it", "them", "the two", "that
model", "its base model"), which fields are asked, and the operation — look up, describe, answer from the text,
verify a yes/no question, list, count, rank, tally, compare with a verdict, search by description, or decline a name
the review does not have. It holds no word of any review; every review word comes from the profile via the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as _field
from itertools import pairwise
from typing import Any

from .budget import check
from .conditions import (
    AUXILIARIES,
    LIMIT_BEFORE,
    OTHER_WORDS,
    OWN_VARIANTS,
    POSTFIX,
    PREPOSITIONS,
    WEAK_RELATIONS,
    Reading,
    read_conditions,
    relation_noun,
)
from .conversation import Conversation
from .lexicon import Lexicon, Sense, Span, Token, asks_difference, stem
from .names import common_word
from .query import And, Atom, Cond, Not, Or, Query, Rank, atoms, flatten_and, map_atoms
from .values import is_empty, name_key, numbers, size_range

__all__ = ["Reader"]

# words after which a name is a value used, not the thing asked about ("a variant like X", "trained on X or Y")
_VALUE_BEFORE = frozenset("like or and on from with as including using than via nor".split())
# Words that open a turn of a chat without being its question ("so can I use it in a product?")
_DISCOURSE = frozenset("so and ok okay well then but also now right alright hmm oh".split())
_PREPOSITIONS = frozenset("of about for on in from with by to than".split())
_YESNO_START = frozenset("is was are were does did do can could has have had should will would isn".split())
_SUPERLATIVE = frozenset("most least fewest first last top latest newest oldest earliest biggest largest".split())
_APPOSITION = frozenset(("that one", "this one", "that", "this", "it", "its", "the model", "the one"))
_SPECIFIC_REF = ("model", "dataset", "paper", "work", "one", "method", "entry", "project", "collection", "base")
_TELLING = frozenset("explain describe tell me us please can could you show".split())
_LIGHT_OPENING = frozenset(
    "what which who how is are was were in the a an of about tell me does do did describe explain on".split()
)
_HOW_FIELDS = frozenset("many much big large old recent long".split())
_ABOUT_BEFORE = frozenset("about is was does did do of compare vs versus on use uses used than called named".split())
# stages of a work's recipe ("the Wren step"); not "part" ("the Wren part" of a data mix is Wren's share)
_STAGE_NOUNS = frozenset("step steps stage stages phase phases round rounds".split())
_STAGE_NAMERS = ("value", "enum", "group", "category", "word", "field")
_ENTRY_NOUNS = frozenset("entry entries record records card cards page section".split())
_ABOUT_AFTER = frozenset("is was has have use uses used do does did compare vs versus".split())
_LIST_START = frozenset("list show enumerate name give find any all every are".split())
# "not clearly usable", "doesn't explicitly allow": a negation that also holds where the review is not sure
_HEDGED = re.compile(r"\b(?:not|never)\s+(?:clearly|explicitly|definitely|certainly|obviously|unambiguously)\b", re.I)
_DEMONSTRATIVES = frozenset("that this those these".split())
_TIME_NOUNS = frozenset(
    "morning afternoon evening night today tonight weekend week month year season summer winter spring autumn fall "
    "time moment minute hour day decade century".split()
)
_QUESTION_START = frozenset("which what who list show enumerate name give find any all every are".split())
# what asks what the review has on a name: "tell me about X", "an entry for X", "anything on X" (but not "which
# works include X", "does any entry mention X": those ask for the entries whose text has it)
_ASKED_ON = re.compile(
    r"\b(?:tell\s+(?:me|us)\s+(?:more\s+)?about|(?:any(?:thing)?|something|entry|entries|information|info|"
    r"details|page)\s+(?:about|on|for)|know\s+about)(?:\s+the)?\s+",
    re.I,
)
# Nouns that name a measure of something ("the learning rate", "its vocabulary size"): asked of an entry in words that
# no field of the review explains, the entry's own text must speak of it, or the review does not record it.
_MEASURES = frozenset(
    "rate rates size sizes score scores footprint index value values length lengths price prices count number budget "
    "temperature dimension dimensions width depth ratio percentage speed latency throughput emissions accuracy "
    "window stars citations downloads epochs layers heads rating ratings ranking valuation worth cost costs revenue "
    "salary".split()
)
# words that qualify a measure without saying which ("the exact size", "the total count")
_MEASURE_QUALIFIERS = frozenset(
    "exact approximate total overall rough average typical actual precise current final original maximum minimum max "
    "min full whole entire reported stated official".split()
)
_ARTICLES = frozenset("a an the its their both either neither".split())
_JOINING = frozenset(["and", "or", "nor", "but not", "and not", "or not", "but also", "and also", "as well as"])
_MEASURE_PHRASE_END = _YESNO_START | frozenset("of for in on at behind used by with from to".split())
_REVIEW_SENSES = ("entry", "field", "value", "unit", "noun", "category", "group", "part", "relation")
MAX_FOLLOWED = 5  # a field asked right after a list is looked up for each entry of a list this short
# "more or fewer", "bigger or smaller", "before or after": a question of which way, not of yes or no
_EITHER_WAY = re.compile(
    r"\b(?:more|less|fewer|before|after|\w{3,}er)\s+or\s+(?:more|less|fewer|before|after|\w{3,}er)\b", re.I
)
_FACTOR = re.compile(r"\s*(?:how many times|by (?:what|which|how much of a) factor)\b", re.I)
_DETERMINERS = frozenset("the a an this that one".split())  # a noun they lead names one thing, not a set
# words in "-ing" that are no activity a unit word can name a compound with ("instruction tuning")
_ING_FUNCTION_WORDS = frozenset("during including using regarding concerning excluding according being having".split())
_OWNERS = frozenset("the their its his her each".split())  # words between "by" and the field ordered by
_REFINE_START = frozenset("only just but and also drop remove exclude without except now then so".split())
_DESCENDING = frozenset("biggest largest most highest newest latest descending decreasing recent".split())
_ASCENDING = frozenset("smallest fewest least lowest oldest earliest ascending increasing".split())
_CHRONOLOGICAL = frozenset("chronological chronologically chronology temporal release publication time date".split())
_MORE = frozenset("more most fewer fewest less least larger largest bigger biggest smaller smallest".split())
_YESNO_AFTER_BREAK = re.compile(r"\s[-–—,:]\s*(?:is|was|are|were|does|did|can|could)\s+(?:it|that|this|they)\b", re.I)
_DOMAIN_KINDS = ("field", "noun", "category", "value", "group", "enum", "unit", "adj", "entry", "part")


@dataclass
class _Question:
    text: str
    toks: list[Token]
    spans: list[Span]
    # the entry a pronoun picked, and the other one it may mean (used when the first records nothing of what is asked)
    alternative: tuple[str, str] | None = None
    notes: list[str] = _field(default_factory=list)  # how references were resolved, for the reading
    no_version: str | None = None  # "its successor" where the review has no other version of the entry
    version: str | None = None  # "what came before it?" where the entry has an earlier version: that version

    def words(self, span: Span) -> str:
        check()  # (called throughout reading: where the question's time budget is checked)
        return self.text[self.toks[span.start].start : self.toks[span.end - 1].end].lower()

    def any_g(self, *tags: str) -> bool:
        return any(s.g(*tags) for s in self.spans)

    def content(self) -> list[Span]:
        """The spans that name something (an entry, a value, a field …), not only grammar."""
        return [sp for sp in self.spans if not all(s.kind == "g" for s in sp.senses)]

    def covered(self) -> set[int]:
        """The indices of the tokens some span covers."""
        check()
        return {i for sp in self.spans for i in range(sp.start, sp.end)}

    def uncovered(self, threshold: float) -> list[Token]:
        """Words no phrase of the review or the grammar covers and that are not everyday English."""
        covered = self.covered()
        return [
            t
            for i, t in enumerate(self.toks)
            if i not in covered and len(t.low) > 2 and not common_word(t.low, threshold)
        ]


# How rare (wordfreq Zipf below this) a word left over by the reading must be for a lookup to quote the entry's text.
TEXT_ALSO_RARITY = 4.5


class Reader:
    """Turns questions into queries for one review (its lexicon and its table of values)."""

    def __init__(self, lexicon: Lexicon, value_of: Callable[[str, str], Any]) -> None:
        self.lex = lexicon
        self.p = lexicon.profile
        self.value_of = value_of

    def read(self, question: str, conv: Conversation | None = None) -> Query:
        conv = conv or Conversation()
        text, toks, spans = self.lex.tag(question)
        if not toks:
            return Query("empty", question)
        q = _Question(text, toks, spans)
        _drop_owners(q)
        self._one_by_value(q, conv)
        quoted = _quoted(text, toks)
        if quoted:
            # "the '500 million years of evolution' result": a quotation of several words is words of an entry's
            # text to find, not fields or conditions (a name quoted stays a name; one quoted word keeps its sense)
            for span in spans:
                if set(range(span.start, span.end)) & quoted and _quote_of_words(quoted, span):
                    span.senses = [s for s in span.senses if s.kind == "entry"]
                    span.number = span.date = None
        unknown = [r for r in self.lex.unknown_names(text, toks, spans) if not set(range(*r)) & quoted]
        unknown = [r for r in unknown if not self._value_named(q, r)]
        marks = self._versions_of_focus(q, conv)
        unknown = [r for r in unknown if r not in marks]
        # a name the vocabulary knows but no entry holds ("Quill-9" in a review without it) is a name it lacks
        unknown = sorted({*unknown, *((sp.start, sp.end) for sp in spans if self._unheld_name(sp))})
        unknown_cells = {i for a, b in unknown for i in range(a, b)}
        # Entries inside an unknown name ("Falbo 3") and weak mentions ("rose" in a question about gardens) are not
        # entries; drop their senses before reading conditions.
        # An unknown name built on an entry's ("Falbo 3", "Falbo-Chat") is asked about: answering with the entry
        # would answer as if it were it.
        lookalikes = [r for r in unknown if any(sp.has("entry") and r[0] <= sp.start < r[1] for sp in spans)]
        versions = [r for r in unknown if r not in lookalikes and self._other_version(text, toks, r)]
        lookalikes += versions
        for span in spans:
            if span.has("entry") and (set(range(span.start, span.end)) & unknown_cells or self._weak(q, span)):
                span.senses = [s for s in span.senses if s.kind != "entry"]
        self._lines(q)
        self._name_nouns(q)
        self._unit_modifiers(q)
        self._modified_phrases(q)
        self._counting_phrases(q)
        self._coordinated_values(q)
        factor = _FACTOR.match(text)
        if factor:
            # "how many times bigger …": the words of the factor ask for no amount or date
            spans[:] = [sp for sp in spans if toks[sp.start].start >= factor.end()]
        if conv.focus:
            self._adjective_refs(q)
            self._stage_of_focus(q, conv)
        for span in spans:
            # "a meta-dataset", "structure-aware": a lower-case word joined to the next by a hyphen is part of a
            # compound, not the organisation, value or unit it spells (but "acme-trained" relates to it)
            tok = toks[span.end - 1]
            joined = text[tok.end : tok.end + 1] == "-" and span.end < len(toks) and toks[span.end].start == tok.end + 1
            if joined and span.end - span.start == 1 and tok.low == tok.text and toks[span.end].low not in POSTFIX:
                span.senses = [sn for sn in span.senses if sn.kind not in ("value", "group", "unit")]
        for span in spans:
            # "(Falbo-X counts)": an aside saying what counts as well asks for no count
            inside = text[: toks[span.start].start].count("(") > text[: toks[span.start].start].count(")")
            if inside and span.g("count") and q.words(span).lower() in ("counts", "count", "counted"):
                span.senses = [sn for sn in span.senses if not (sn.kind == "g" and sn.a == "count")]
        covered = q.covered()
        for span in spans:
            # "self-chat": a unit word joined by a hyphen to a lower-case word before it is the end of a compound
            first = toks[span.start]
            joined = span.start > 0 and text[first.start - 1 : first.start] == "-" and span.start - 1 not in covered
            if joined and toks[span.start - 1].text.isalpha() and toks[span.start - 1].text.islower():
                span.senses = [sn for sn in span.senses if sn.kind != "unit"]
        for span in spans:
            # "what did it find when comparing …": "when" before an -ing verb joins a clause, it asks for no date
            at = span.end
            if q.words(span) == "when" and span.start > 0 and at < len(toks) and toks[at].low.endswith("ing"):
                span.senses = [sn for sn in span.senses if sn.kind != "field"]
        for span, nxt in pairwise(spans):
            # "distilled from about a million answers": "about" before a number says roughly, it asks to tell nothing
            if q.words(span) == "about" and nxt.number is not None and nxt.start == span.end:
                span.senses = [sn for sn in span.senses if not (sn.kind == "g" and sn.a in ("tell", "text"))]
        for prev, span in pairwise(spans):
            # "works that are not about alignment": "about" after a negation says what the works concern, the
            # negation reaches past it; it asks to tell nothing
            if q.words(span).lower() == "about" and prev.g("neg") and prev.end == span.start:
                span.senses = [sn for sn in span.senses if not (sn.kind == "g" and sn.a in ("tell", "text"))]
        for span in spans:
            # "this weekend", "that morning": a demonstrative of a time refers to no entry of the chat
            at = span.end
            if span.g("ref") and span.end - span.start == 1 and at < len(toks) and toks[at].low in _TIME_NOUNS:
                span.senses = [sn for sn in span.senses if not (sn.kind == "g" and sn.a == "ref")]
            # "what did Acme-4 do there?": "there" ending the question is the entry talked about ("is there …",
            # "there are …" are no place)
            if q.words(span).lower().split()[-1] == "there" and span.g("ref") and at < len(toks):
                span.senses = [sn for sn in span.senses if not (sn.kind == "g" and sn.a == "ref")]
        spans[:] = [span for span in spans if span.senses]
        covered = q.covered()
        for prev, span in pairwise(spans):
            # "used Acme-4 to generate or rate their data": "or" between a verb of a field and a word no phrase
            # explains joins two verbs of one condition, not two conditions
            after = span.end
            if (
                span.g("or")
                and prev.end == span.start
                and (prev.has("field") or prev.has("relation"))
                and after < len(toks)
                and after not in covered
                and toks[after].text.isalpha()
                and toks[after].text.islower()
            ):
                span.senses = [sn for sn in span.senses if not (sn.kind == "g" and sn.a == "or")]
        spans[:] = [span for span in spans if span.senses]
        # "use both Falbo and Wren data": "both" joins the two, it refers to no two entries of the chat
        spans[:] = [span for k, span in enumerate(spans) if not (span.g("pair") and _correlative(q, k))]
        head = self._head(q)
        if (
            head is not None
            and head.has("field")
            and (
                not any(sp.has("entry") and not self._excluded(q, sp) for sp in spans) or self._subject_of_verb(q, head)
            )
            and self._plural(q, head)
            and not (head.start and (toks[head.start - 1].possessive or toks[head.start - 1].low in ("its", "their")))
        ):
            # "what datasets and benchmarks …": a field phrase made plural with no entry named after it asks for a
            # set; its noun keeps its own senses (a category, a noun) — unless an owner stands before it ("its
            # base models" are the entry's)
            last = self.lex.senses(toks[head.end - 1].stem)
            head.senses += [s for s in last if s.kind in ("noun", "category") and s not in head.senses]
        field_head = head
        if head is not None and not head.has("field"):
            # "the paper title for Corvid": a noun run into the field phrase that follows it
            field_head = next((sp for sp in spans if sp.start == head.end and sp.has("field")), None)
        if field_head is not None and field_head.has("field") and self._of_entry(q, field_head):
            head = None  # "what is the base model of Corvid?": that entry's field, not a set of base models
        set_frame = self._set_frame(q, head)
        noun_head = head is not None and (head.has("noun") or head.has("category"))
        at = _after_fronted(q)  # "Apart from Falbo, which models …": the question proper starts after the comma
        selection = noun_head and toks[at].low in ("which", "what") and _modifies(q, at, head)  # type: ignore[arg-type]
        asks = self._asks(head) if selection else None
        described = self._described(q, head)
        selection = selection or described
        self._value_one(q, conv)
        self._focus_value(q, conv)
        refs, within, referred = self._references(q, conv)
        missing_before = conv.last.missing if conv.last is not None and conv.last.op in ("missing", "decline") else None
        pointed_at = {s.a for sp in spans if sp.g("ref") for s in sp.of("entry")} | set(refs)
        if (
            missing_before
            and referred
            and pointed_at
            and pointed_at <= set(conv.focus)
            and not q.any_g("refs")
            and not any(sp.has("entry") and not sp.g("ref") for sp in spans)
        ):
            # "what about Quill 4?" (no entry), then "when did it come out?": "it" is the thing just asked about,
            # not the entry talked about before it
            return Query("missing", question, missing=missing_before, follow_up=True)
        entry_asked = self._entry_asked_for(q)
        if entry_asked is not None:
            # "is there an entry on Falbo?", "does the review have an entry for Falbo?": that entry
            return Query("describe", question, (entry_asked,), notes=tuple(q.notes))
        self._versions(q, conv)
        if q.no_version:
            return Query("missing", question, missing=q.no_version, follow_up=referred)
        if q.version:
            return Query("describe", question, (q.version,), notes=tuple(q.notes), follow_up=referred)
        set_frame = set_frame or within is not None  # "only those that have a 7B model"
        # "did both of them use Acme data?", "which of the two used Acme data?": what is asked of the two is a
        # condition, as of a set
        both = q.any_g("pair")
        compare_frame = q.any_g("compare") or (
            (q.any_g("which_one", "pair") or (toks[0].low in ("which", "who") and q.any_g("or")))
            and self._comparing(q) and sum(sp.has("entry") for sp in spans) >= 2
        )  # fmt: skip
        reading = read_conditions(self.lex, text, toks, spans, self.value_of, compare_frame=compare_frame,
                                  set_frame=set_frame or selection or both, selection=selection and asks is None,
                                  focus=conv.focus[0] if len(conv.focus) == 1 else None,
                                  asked=conv.fields)  # fmt: skip
        if reading.where is not None and _HEDGED.search(text):
            reading.where = self._unclear_too(reading.where)
        if within is not None and len(within) == 1 and reading.where is None and not reading.categories and refs == []:
            refs, within = list(within), None  # "what preference data did they use?" after a list of one: that entry
        plural = any(sp.g("refs") for sp in spans)
        # (after entries were linked, "that model" is that entry, unless a set is asked of what links them:
        # "which other works start from that same model?")
        linking = bool(conv.fields) and conv.fields[0] in self.p.fields and self.p.fields[conv.fields[0]].type == "refs"
        pointed = (not conv.linked or linking) and any(
            sp.g("ref") and self._names_last_field(q, k, conv) for k, sp in enumerate(spans)
        )
        by_values = self._values_referred(q, conv) if plural or pointed else None
        if by_values is not None:
            # the entry that has them is not among the answers; "in that category" relates to the values, not to
            # the entry in focus, so a condition naming that entry goes
            kept = _without_entry(reading.where, conv.focus[0]) if pointed and reading.where is not None else None
            earlier = kept if pointed else reading.where
            reading.where = flatten_and([*([earlier] if earlier is not None else []), by_values])
            self._leave_out(reading, conv.focus)
            set_frame = True
        others = (OTHER_WORDS | {"another", "others"}) & {t.low for t in toks}
        if (
            others
            and len(conv.focus) == 1
            and conv.last is not None
            and conv.last.op in ("lookup", "describe", "text", "verify")
            and not any(
                (sp.has("entry") and reading.roles.get(k) != "value") or sp.g("ref", "refs", "pair")
                for k, sp in enumerate(spans)
            )
            and (set_frame or selection or reading.where is not None)
        ):
            self._leave_out(reading, conv.focus)  # "is there any other entry from Westlake?" after one entry
        # "which (other) works used it?": the entry referred to is not among the answers
        for k, span in enumerate(spans):
            if span.g("ref") and span.has("entry") and reading.roles.get(k) == "value":
                self._leave_out(reading, (span.of("entry")[0].a,))
        subjects = self._held_by_first(q, list(dict.fromkeys([*self._subjects(q, reading), *refs])))
        fields, parts, loose = self._fields(q, reading, bool(subjects), asks)
        paired = self._field_of_noun_and(q, tuple(fields)) if len(fields) >= 2 and q.any_g("compare") else []
        named_by_noun = {s.a for sp in q.spans if sp.has("noun") and sp.end - sp.start == 1 for s in sp.of("field")}
        if paired and named_by_noun & set(fields):
            # "when was its data released compared with its paper?": the paper's date compared, not the paper
            fields = [*(f for f in fields if f not in named_by_noun), *paired]
        if subjects and not fields and asks:
            fields = [asks]  # "what datasets went into the Corvid mix": the noun asks for a field of the entry
        elif subjects and asks and head is not None and head.start <= 1 and fields and asks not in fields:
            # "what dataset did they tune on?": the noun asked for, not the verb's field (but "which teacher models
            # did it use?": a phrase of a field, made with the noun, asks that field)
            phrased = [s.a for s in head.of("field") if s.a in fields]
            fields = phrased[:1] if phrased and q.words(head).lower() != "which" else [asks]
        if q.alternative and q.alternative[0] in subjects and fields:
            named, meant = q.alternative
            # "how many sequences was that?" after its training data was named: the entry, which records it, when
            # what "that" named records none of the fields asked; "how many tokens was it trained on?" after its base
            # model was named: the base model, when "it" (the entry) lacks the field asked first and that one has it
            asked = fields if named in conv.linked else fields[:1]
            if all(is_empty(self.value_of(named, f)) for f in asked) and not all(
                is_empty(self.value_of(meant, f)) for f in asked
            ):
                subjects = [meant if s == named else s for s in subjects]
        counted = self._values_counted(q) if subjects else None
        if counted is not None:
            fields, loose = [counted[0]], []  # "how many organizations are behind Corvid?": its values, counted
        base = Query("lookup", question, tuple(subjects), reading.where, within, tuple(fields), tuple(parts),
                     loose=tuple(loose), follow_up=referred or within is not None,
                     counted=counted[1] if counted else None, notes=tuple(q.notes))  # fmt: skip
        thing = self._value_asked_about(q, reading, subjects, set_frame or selection or within is not None, fields)
        if thing is None and not subjects and not refs and within is None:
            thing = self._measure_of_value(q)
        if thing is not None:
            # "when was Quill-9 released?" where Quill-9 is only a value of the review (a teacher): no entry on it
            return base.with_(op="missing", missing=thing, subjects=(), where=None)
        about_unknown = [r for r in unknown if r in lookalikes or self._about_name(q, r)]
        first_named = min((sp.start for sp in spans if sp.has("entry")), default=len(toks))
        # "what's Quixtral and how does it compare to Corvid?": the unknown name asked about comes first
        starts = _QUESTION_START | {"how", "explain", "describe", "tell"}
        leads = [r for r in unknown if r[0] <= 2 and r[0] < first_named and toks[0].low in starts]
        if leads and subjects and not about_unknown:
            about_unknown = leads
        # "which data was used for Falbo 3's DPO stage?": what is asked is Falbo 3's, and there is no entry on it
        owners = [r for r in lookalikes if toks[r[1] - 1].possessive] + versions  # (another version: asked about)
        if owners:
            about_unknown = owners
        # ("what's in the Falbo 3 Wren mixture?": only light words before the unknown name, which comes first)
        opening = about_unknown and all(t.low in _LIGHT_OPENING for t in toks[: about_unknown[0][0]])
        # "what's new in Falbo 3 compared to Falbo?": one of the two compared has no entry
        compared_unknown = q.any_g("compare") and bool(about_unknown) and about_unknown[0] in lookalikes
        if about_unknown and self._description(q, conv):
            # "the reasoning paper that fine-tuned Falbo-32B-Chat on …": a name in what describes the entry, past its
            # head, is something the entry used; the description is still answered
            past_head = {"that", "which", "who", "whose", "where", "with", "on", "from", "by", "using", "of"}
            about_unknown = [r for r in about_unknown if not past_head & {t.low for t in toks[: r[0]]}]
        if about_unknown and (
            not subjects
            or owners
            or compared_unknown
            or (about_unknown[0][0] < first_named and (about_unknown[0][0] <= 2 or opening))
        ):
            a, b = about_unknown[0]
            name = text[toks[a].start : toks[b - 1].end].split("(")[0].strip()
            domain = any(s.kind in _DOMAIN_KINDS for sp in spans for s in sp.senses)
            return base.with_(op="missing" if domain else "decline", missing=name, subjects=())
        mentioned = self._mentioned_only(q, fields) if not subjects and not refs and within is None else None
        if mentioned is not None:
            # "how big is Quixtral?" where Quixtral is only mentioned in some entry's text: no entry on it
            return base.with_(op="missing", missing=mentioned, subjects=(), where=None)
        query = self._operation(q, conv, reading, base, head, set_frame)
        # one thing described ("a family of … models", "the suite that …"), not a set ("Quill-9 models that …")
        # ("four autoregressive models from 85M to 1.2B …": a small count of models describes one family)
        one = head is not None and self._names_one(q, head)
        headless = head is None and not any(
            sp.start <= 2
            and (
                ((sp.has("noun") or sp.has("category")) and self._plural(q, sp))
                or (q.words(sp) in POSTFIX and q.words(sp).endswith("s"))
            )
            for sp in spans
        )  # "GPT-4-annotated preference set with …": no noun of the review heads it, and none is plural (nor
        # "Falbo fine-tunes that …")
        asks_why = min((sp.start for sp in q.spans if sp.g("why", "finding")), default=len(toks))
        asks_field = min((sp.start for sp in q.spans if sp.has("field")), default=len(toks))
        if query.op in ("search", "list") and asks_why < asks_field:
            # "what's the main finding of the paper that …": the sentences of the entry found, not its fields
            query = query.with_(explain=True)
        how = toks[_opening(toks)].low == "how"
        if query.op == "compare" and query.rank is None and not query.fields and (asks_why < len(toks) or how):
            # "how does Falbo differ from Wren?", "what did the Falbo paper find against Wren?": their texts say
            query = query.with_(explain=True)
        if query.op == "list" and (one or headless) and self._statement(q):
            # "a family of small distilled models from 61M to 1.5B …": a description written as a statement; when
            # no entry meets every condition read from it, the best match for the description answers (and with no
            # noun of the review heading it, the description also picks among several that meet them)
            query = query.with_(or_search=True, pick=headless)
        if query.op == "lookup" and query.text_also and self._field_of_owned_thing(q):
            # "what is Falbo's scaling hypothesis based on?": the field phrase tells of a thing the entry has that
            # the review has no field for, not of the entry; its text says
            query = query.with_(op="text", fields=(), text_also=())
        query = self._role_asked(q, query, conv)
        query = self._kind_of_value_asked(q, query)
        query = self._attribute_asked(q, query)
        same = {"same", "together"} & {t.low for t in q.toks} and q.toks[_opening(q.toks)].low in _YESNO_START
        if same and query.op == "lookup" and len(query.subjects) == 2 and query.fields == (self.p.date_field,):
            query = query.with_(yes_no=True)  # "did Falbo and Wren come out in the same month?": say whether
        if query.op in ("list", "search") and not query.subjects and query.within is None:
            query = self._about_focus(q, query, conv)
        if self._asks_which_have_entries(q, conv):
            # "which teacher models did it use?" then "which of those has its own entry in the review?": the entries
            # the values just stated name
            query = query.with_(op="list", subjects=(), within=conv.linked, fields=(), follow_up=True)
        narrative = query.op == "rank" and query.rank is not None and query.rank.field == self.p.date_field
        if (query.op in ("lookup", "describe", "text", "missing", "compare") or narrative) and self._description(
            q, conv
        ):
            # "the math paper that introduced a Falbo variant without a critic": a description of one entry, whatever
            # names, words of time ("first from Wren, later from Corvid") or unknown names it holds; the best match
            # for it answers, its conditions favour (a superlative of a number still ranks: "the fewest tokens")
            query = query.with_(op="search", subjects=(), fields=(), rank=None, missing=None, pick=True,
                                explain=False, loose=(), parts=(), text_also=())  # fmt: skip
        if query.op == "list" and query.where is None and query.within is None and not query.subjects:
            query = self._definite_field(q, query, conv)
        if query.op == "rank" and query.rank is not None and query.within and set(query.within) == set(conv.linked):
            query = self._ranked_as_stated(query, query.rank, conv)
        elif (
            query.op == "rank"
            and query.within
            and conv.last is not None
            and set(query.within) <= {rid for rid, _ in conv.last.stated}
        ):
            query = query.with_(stated=conv.last.stated)  # "and the smallest?": by the same sizes
        if query.op == "lookup" and query.follow_up and len(conv.focus) == 1 and query.subjects != conv.focus:
            query = self._unit_of_focus(q, query, conv)
        if query.op == "compare" and query.rank is not None and not query.stated:
            query = query.with_(stated=self._sizes_named(q, query.subjects, query.rank.field))
        return query

    def _unit_of_focus(self, q: _Question, query: Query, conv: Conversation) -> Query:
        """ "how many preference pairs is that?" after the data of Falbo, which names Wren: "that" may be Wren, but
        the unit asked is what Falbo's own value counts and Wren's does not, so Falbo's is asked."""
        if len(query.subjects) != 1 or len(query.fields) != 1:
            return query
        units = [q.words(sp) for sp in q.spans if sp.has("unit")]
        if not units:
            return query

        def counts(rid: str) -> bool:
            written = str(self.value_of(rid, query.fields[0]) or "").lower()
            return any(re.search(rf"\b{re.escape(unit)}", written) for unit in units)

        if counts(conv.focus[0]) and not counts(query.subjects[0]):
            return query.with_(subjects=conv.focus)
        return query

    def _sizes_named(self, q: _Question, subjects: Sequence[str], key: str) -> tuple[tuple[str, float], ...]:
        """ "is Wren larger than Falbo-40B?": an entry named with one of its own sizes is compared at that size, not
        at its largest or smallest."""
        if self.p.fields[key].type != "sizes":
            return ()
        out: dict[str, float] = {}
        for span in q.spans:
            rid = next((s.a for s in span.of("entry") if s.a in subjects), None)
            last = q.toks[span.end - 1]
            if rid is None or span.end - span.start < 2 or rid in out:
                continue
            if last.low in {z.lower() for z in self.lex.entry_sizes.get(rid, ())}:
                counts = size_range(last.text)
                if counts is not None:
                    out[rid] = sum(counts) / 2
        return tuple(out.items())

    def _attribute_asked(self, q: _Question, query: Query) -> Query:
        """ "What learning rate did Falbo use?", "what is the carbon footprint of Wren?": a measure (a noun of
        measuring after "what"/"which") asked of named entries in words of everyday English that no phrase of the
        review covers; their stems go with the query, and an entry's text must hold them all, or the review does not
        record it (see ``Executor.holds``). "How many stars does Falbo have?": a count of a thing no field records,
        answered by the entry's text only when it speaks of that thing ("how many volunteers" of a corpus its text
        says 13,500 volunteers wrote), else declined (another entry's text speaking of citations does not make a
        count of this one's citations a fact of the review)."""
        if not query.subjects or query.op not in ("lookup", "text", "describe") or _FACTOR.match(q.text):
            return query
        toks, low = q.toks, [t.low for t in q.toks]
        senses = _senses_at(q)
        at = _opening(toks)
        counting = low[at : at + 2] == ["how", "many"]
        if counting:
            start = at + 2
        elif low[at] in ("what", "which", "whats"):
            start = _past_what_is(q, at, owners=True)
        else:
            return query
        end = _phrase_end(q, start, senses)
        if not start < end <= start + 4 or not _plain_phrase(q, start, end, senses):
            return query
        head = end - 1
        if counting:
            # (a field of one item, "citation" as a word of the paper, counts nothing: "how many citations …")
            review = any(
                s.kind in _REVIEW_SENSES and not (s.kind == "field" and self._single_item_field(s.a))
                for s in senses.get(head, ())
            )
            # (a thing counted is plural: "how many paramters dose …" ends on a misspelt verb, not on it)
            if review or not (_plain(low[head]) or _name_like(q, head)) or not low[head].endswith("s"):
                return query
            asked = [head]
        else:
            asked = _measure_words(q, start, end, senses)
        if not asked:
            return query
        written = q.text[toks[start].start : toks[end - 1].end]
        attribute = f"the number of {written}" if counting else f"the {written}"
        query = query.with_(attribute=attribute, attribute_stems=tuple(toks[i].stem for i in asked))
        if query.op == "lookup":
            # "what vocabulary size does Falbo use?": not the size a field records; the sentence that holds it
            query = query.with_(op="text", fields=(), parts=(), loose=(), text_also=())
        return query

    def _unheld_name(self, span: Span) -> bool:
        """Whether a span names only values that no entry holds and that are no entry's name (capitalised or with
        digits: names, not words)."""
        names = [s for s in span.of("value") if re.search(r"[A-Z0-9]", s.b)]
        return bool(names) and len(names) == len(span.senses) and not self._held_somewhere(span, names)

    def _held_somewhere(self, span: Span, names: list[Sense]) -> bool:
        """Whether some entry holds a value ``names`` gives (in any field of its vocabulary), or one of them is an
        entry's own name (no stranger then)."""
        return bool(self._holders(span, self.lex.ids)) or any(
            self.value_of(s.b, f"@anywhere:{key}")
            or any(m.start == 0 and m.end == len(s.b) for m in self.lex.names.find(s.b, fuzzy=False))
            for s in names
            for key, spec in self.p.fields.items()
            if spec.vocabulary == s.a
        )

    def _single_item_field(self, key: str) -> bool:
        """Whether a field holds one thing that cannot be counted (a paper, a date, a text), not several or a number."""
        spec = self.p.fields.get(key)
        return spec is not None and spec.type in ("paper", "url", "date", "text", "category")

    def _measure_of_value(self, q: _Question) -> str | None:
        """ "What's Acme's stock price?", "what is the market value of Acme?": a measure asked, in words no phrase of
        the review covers, of a thing the review has only as a value (an organisation, a model some entry used), with
        no entry named: the review has no entry on it. Returns the thing's name as written."""
        toks, low = q.toks, [t.low for t in q.toks]
        if any(sp.has("entry") for sp in q.spans):
            return None
        at = _opening(toks)
        if low[at] not in ("what", "which", "whats"):
            return None
        start = _past_what_is(q, at)
        senses = _senses_at(q)
        owner = next((sp for sp in q.spans if sp.start == start and sp.has("value")), None)
        if owner is not None and toks[owner.end - 1].possessive:
            end = _phrase_end(q, owner.end, senses)
            asked = _measure_words(q, owner.end, end, senses) if owner.end < end <= owner.end + 4 else []
        else:
            end = _phrase_end(q, start, senses)
            asked = _measure_words(q, start, end, senses) if start < end <= start + 4 else []
            after = end + 1 + (end + 1 < len(toks) and low[end + 1] == "the")
            # "the context length of Quill", "what vocabulary size does Quill have?"
            of = end < len(toks) and low[end] in ("of", "for", *_YESNO_START)
            owner = next((sp for sp in q.spans if of and sp.start == after and sp.has("value")), None)
        if not asked or owner is None or not _plain_phrase(q, asked[0], asked[-1] + 1, senses):
            return None
        return q.text[toks[owner.start].start : toks[owner.end - 1].end].removesuffix("'s").removesuffix("’s")

    def _definite_field(self, q: _Question, query: Query, conv: Conversation) -> Query:
        """ "which models were the teachers?" right after one entry: a set with no condition at all, asked with a
        field phrase after "the" (or "its"), is that entry's field, not the whole review."""
        last = conv.last
        if len(conv.focus) != 1 or last is None or last.op not in ("describe", "lookup", "text", "verify"):
            return query
        lows = [t.low for t in q.toks]
        if {"all", "every", "each", "list", "everything"} & set(lows):
            return query  # "list all works with their licenses": the whole review, said so
        definite = [
            sp.of("field")[0].a
            for sp in q.spans
            if sp.has("field") and {"the", "its", "their"} & set(lows[max(sp.start - 1, 0) : sp.end])
        ]
        if not definite:
            return query
        return query.with_(op="lookup", subjects=conv.focus, fields=tuple(dict.fromkeys(definite)), follow_up=True)

    def _said_as_owned(self, q: _Question, span: Span, conv: Conversation) -> bool:
        """Whether "that X" repeats a noun the last question gave the entry in focus as its own ("which models
        generated its data?" then "that data"), where that noun was not the field the last question asked ("what's
        its base model?" then "that base model": the value the answer gave)."""
        words = q.words(span).lower().split()
        if words[0] not in ("that", "this") or len(conv.focus) != 1 or conv.last is None:
            return False
        noun = words[-1] if len(words) > 1 else (q.toks[span.end].low if span.end < len(q.toks) else "")
        if not noun.isalpha() or noun in ("one", "same"):
            return False
        text, toks, spans = self.lex.tag(conv.last.question)
        owned = re.search(rf"\b(?:its|their)\s+(?:\w+\s+)?{noun}\b", text, re.I)
        if owned is None:
            return False
        at = next((i for i, t in enumerate(toks) if t.end >= owned.end()), None)
        held = next((sp for sp in spans if at is not None and sp.start <= at < sp.end), None)
        return held is None or not any(s.a in conv.last.fields for s in held.of("field"))

    def _about_focus(self, q: _Question, query: Query, conv: Conversation) -> Query:
        """ "which model did the machine translation?", "what share of the conversations came from Acme-4?" right
        after one entry: a question that marks no set (no "other", "works", "in the review" …) and speaks of a
        definite thing its words find in that entry's text is about that entry; its text answers."""
        last = conv.last
        if len(conv.focus) != 1 or last is None or last.op not in ("describe", "lookup", "text", "verify"):
            return query
        lows = [t.low for t in q.toks]
        if any(f"entry:{conv.focus[0]}" in a.values for a in atoms(query.where)):
            return query  # ("and its instruction-tuned version?": the entries built on it)
        plain = [sp for sp in q.spans if sp.has("noun") and not (sp.has("field") or sp.has("value") or sp.has("group"))]
        if _SET_MARKERS & set(lows) or any(self._plural(q, sp) for sp in plain):
            return query  # ("which models were trained on the data?": a set)
        # (a word of a unit counts as uncovered: "the conversations" are that entry's)
        covered = {i for sp in q.spans if not all(s.kind == "unit" for s in sp.senses) for i in range(sp.start, sp.end)}
        definite = [
            i + 1
            for i, low in enumerate(lows[:-1])
            if low in ("the", "its", "their") and i + 1 not in covered and not common_word(lows[i + 1], 6.5)
        ]
        if not definite:
            return query
        focus = conv.focus[0]
        texts = " ".join(str(self.value_of(focus, key) or "") for key in self.p.fields_of("text")).lower()
        stems = {stem(w) for w in re.findall(r"[a-z0-9]+", texts)}
        found = tuple(q.toks[i].stem for i in definite if q.toks[i].stem in stems)
        if not found:
            return query
        if query.fields and any(not is_empty(self.value_of(focus, key)) for key in query.fields):
            # ("what share of the conversations came from Acme-4?": the field of its sources says, and the
            # sentence of its text with those words)
            return query.with_(op="lookup", subjects=(focus,), where=None, text_also=found, follow_up=True)
        return query.with_(op="text", subjects=(focus,), where=None, fields=(), follow_up=True)

    def _kind_of_value_asked(self, q: _Question, query: Query) -> Query:
        """ "what RL algorithm did Falbo introduce?": a group (or value) of a field right after "what" or "which",
        before a noun no phrase covers, says what kind of value is asked of the one entry; it asks the field."""
        atom = query.where
        one = len(query.subjects) == 1 and not query.fields and query.op in ("text", "describe")
        if not one or not isinstance(atom, Atom):
            return query
        at = _opening(q.toks)
        if q.toks[at].low not in ("what", "which"):
            return query
        kind = next((sp for sp in q.spans if sp.start == at + 1), None)
        if kind is None or not (kind.has("group") or kind.has("value")) or kind.end in q.covered():
            return query
        return query.with_(op="lookup", fields=(atom.field,), where=None)

    def _asks_which_have_entries(self, q: _Question, conv: Conversation) -> bool:
        """Whether the question asks which of the values just stated (of a field of one entry) the review has entries
        on: "of those" and a word for an entry of the review ("has its own entry", "are in the review")."""
        last = conv.last
        if len(conv.focus) != 1 or last is None or last.op != "lookup" or not last.fields:
            return False
        if self.p.fields[last.fields[0]].type not in ("names", "refs"):
            return False
        lows = {t.low for t in q.toks}
        entry_words = {"entry", "entries", "review", "covered", "included"}
        those = bool({"those", "them", "these"} & lows) and "other" not in lows  # (not "list the other entries")
        return q.any_g("within") and those and bool(entry_words & lows) and not q.any_g("neg")

    def _role_asked(self, q: _Question, query: Query, conv: Conversation) -> Query:
        """ "what did Acme-4 do in it?" about one entry: a value of a field whose values' roles a text field tells
        (what each model did) asks that field, it sets no condition."""
        told = {spec.roles_of: key for key, spec in self.p.fields.items() if spec.roles_of}
        if not told or not (_DOING & {t.low for t in q.toks}) or query.op == "compare":
            return query
        focus = conv.focus[0] if len(conv.focus) == 1 else None
        atom = query.where
        valued = atom if isinstance(atom, Atom) and atom.op == "has" and atom.field in told else None
        if valued is not None and len(query.subjects) == 1:
            return query.with_(op="lookup", fields=(told[valued.field],), where=None)
        if focus is None:
            return query
        last = conv.last
        about_one = last is not None and last.op in ("describe", "lookup", "text", "verify")
        # "what did Acme-4 do exactly?" right after one entry that names it: that entry's record of roles
        if (
            about_one
            and not query.subjects
            and valued is not None
            and set(valued.values) <= set(self.value_of(focus, f"@canon:{valued.field}") or ())
        ):
            return query.with_(op="lookup", subjects=(focus,), fields=(told[valued.field],), where=None,
                               within=None, follow_up=True)  # fmt: skip
        if len(query.subjects) == 1 and query.subjects[0] != focus and not query.where:
            # "what role did Wren play?" after Falbo, whose data Wren generated: Falbo's record tells
            named = f"entry:{query.subjects[0]}"
            held = [key for key in told if named in (self.value_of(focus, f"@canon:{key}") or ())]
            if held:
                return query.with_(op="lookup", subjects=(focus,), fields=(told[held[0]],), where=None, follow_up=True)
        asked = conv.fields[0] if conv.fields else None
        plural = any(sp.g("refs", "pair") or q.words(sp).lower() in ("they", "them") for sp in q.spans)
        if asked in told and plural and query.op in ("search", "list", "text", "describe") and not query.subjects:
            # "which models were its teachers?" then "what did each of them do?": the values just named
            return query.with_(op="lookup", subjects=(focus,), fields=(told[asked],), where=None, within=None,
                               follow_up=True)  # fmt: skip
        return query

    def _ranked_as_stated(self, query: Query, rank: Rank, conv: Conversation) -> Query:
        """ "which base models did Falbo use?" then "the largest of those": the entries the answer linked are ranked
        by the sizes its values gave them ("Wren 9B"), not by every size their own entries record."""
        spec = self.p.fields[rank.field]
        last = conv.last
        if spec.type != "sizes" or last is None or len(conv.focus) != 1 or not last.fields:
            return query
        sizes: dict[str, list[float]] = {}
        for value in self.value_of(conv.focus[0], f"@canon:{last.fields[0]}") or ():
            rid, _, size = str(value).removeprefix("entry:").partition("@")
            counts = size_range(size) if size and rid in (query.within or ()) else None
            if counts is not None:
                sizes.setdefault(rid, []).append(sum(counts) / 2)
        if not sizes:
            return query
        stated = {rid: (max if rank.descending else min)(found) for rid, found in sizes.items()}
        shown = ", ".join(str(v) for v in self.value_of(conv.focus[0], last.fields[0]) or ())
        note = f"{self.p.fields[last.fields[0]].label.lower()} of {self.value_of(conv.focus[0], 'name')}: {shown}"
        return query.with_(stated=tuple(stated.items()), notes=(*query.notes, note))

    def _field_of_owned_thing(self, q: _Question) -> bool:
        """Whether a field phrase follows a possessive name and rare words no phrase covers ("Falbo's scaling
        hypothesis based on"): it belongs to the thing those words name."""
        covered = q.covered()
        for k, span in enumerate(q.spans):
            if not span.has("entry") or not q.toks[span.end - 1].possessive:
                continue
            field = next((sp for sp in q.spans[k + 1 :] if sp.has("field")), None)
            if field is None:
                return False
            between = range(span.end, field.start)
            rare = [i for i in between if i not in covered and not common_word(q.toks[i].low, TEXT_ALSO_RARITY)]
            return bool(rare) and field.start - 1 not in covered
        return False

    def _adjective_refs(self, q: _Question) -> None:
        """ "the open model", "the original paper": "the", an everyday word and a noun of reference ("the model")
        refer as "the model" does."""
        covered = q.covered()
        toks = q.toks
        for i in range(len(toks) - 2):
            word, noun = toks[i + 1], toks[i + 2]
            if toks[i].low != "the" or noun.low not in _SPECIFIC_REF or i + 1 in covered or i in covered:
                continue
            if not word.low.isalpha() or not common_word(word.low, 4.0) or noun.low == "one":
                continue
            if word.low in _SUPERLATIVE | _MORE | {"best", "worst", "other", "same", "next", "second", "third"}:
                continue  # "the best model", "the other model": a ranking or another entry, not the one in focus
            if word.low.endswith("est"):
                continue
            inside = [sp for sp in q.spans if i <= sp.start and sp.end <= i + 3]
            nouns = [s for s in self.lex.senses(noun.stem) if s.kind == "noun"]
            for sp in inside:
                q.spans.remove(sp)
            q.spans.append(Span(i, i + 3, [Sense("g", "ref", ""), *nouns]))
            q.spans.sort(key=lambda sp: sp.start)
            return

    def _stage_of_focus(self, q: _Question, conv: Conversation) -> None:
        """ "what data did they use for the Wren step?" after Falbo, whose entry names Wren (a method): the name says
        which stage of Falbo's work, and is not asked about itself."""
        if len(conv.focus) != 1:
            return
        mentioned = set(self.value_of(conv.focus[0], "@mentions") or ())
        toks = q.toks
        for span in list(q.spans):
            rids = [s.a for s in span.of("entry") if s.a != conv.focus[0] and f"entry:{s.a}" in mentioned]
            # ("how many prompts went into the scoring stage?": a value's words name the stage just as well)
            named = rids or (not span.has("entry") and any(span.has(k) for k in _STAGE_NAMERS))
            before = toks[span.start - 1].low if span.start else ""
            after = toks[span.end].low if span.end < len(toks) else ""
            if named and before in ("the", "its", "their", "that") and after in _STAGE_NOUNS:
                span.senses = [Sense("g", "ref", "")]  # (what it names is the entry in focus's, as "its stage")

    def _lines(self, q: _Question) -> None:
        """ "the two Falbo papers", "both Wren models": a name between a determiner of several and a plural noun
        is the name's line (the entry and its other versions), when it has more than one member."""
        spans = q.spans
        for k, span in enumerate(spans):
            if not span.has("entry") or k + 1 >= len(spans) or k == 0:
                continue
            noun, before = spans[k + 1], spans[k - 1]
            plural = noun.start == span.end and noun.has("noun") and self._plural(q, noun)
            several = before.end == span.start and (before.g("pair") or q.toks[before.end - 1].low in ("both", "all"))
            if not (plural and several):
                continue
            rid = span.of("entry")[0].a
            members = tuple(self.value_of(rid, "@line") or ())
            if len(members) < 2:
                continue
            span.senses = [Sense("family", ",".join(members), q.words(span))]
            noun.senses = [s for s in noun.senses if s.kind == "noun"]  # the noun names the members, no field
            if before.g("pair"):
                before.senses = [s for s in before.senses if not (s.kind == "g" and s.a == "pair")]

    def _mentioned_only(self, q: _Question, fields: list[str]) -> str | None:
        """A capitalised name that only the entries' texts mention, asked about as the subject of a field ("when did
        Acme release Quixtral?", "how big is Quixtral?"), of "what is …", or in a frame that asks what the review
        has on it ("tell me about Quixtral 2", "does the review have an entry for Quixtral Pro?"), with no entry
        named: the review has no entry on it. Its version or size ("Quixtral 1.5", "Quix-34B") is part of the name.
        After a preposition otherwise ("compared against Quixtral") it describes an entry instead."""
        covered = q.covered()
        # numbers and dates that only extend a name (a version or size right after a name word) are not conditions
        attached = {
            sp.start
            for sp in q.spans
            if (sp.number is not None or sp.date is not None)
            and sp.start > 0
            and (sp.start - 1) not in covered
            and q.toks[sp.start - 1].text[:1].isupper()
            and q.text[q.toks[sp.start - 1].end : q.toks[sp.start].start] in ("", " ", "-")
        }
        if any(sp.has("entry") or ((sp.number is not None or sp.date is not None) and sp.start not in attached)
               for sp in q.spans):  # fmt: skip
            return None
        opening = q.toks[_opening(q.toks)].low
        telling = {"tell", "describe", "explain", "summarize", "summarise"}  # "summarize the Quixtral database"
        starts = _QUESTION_START | {"how", "when", "who"} | telling
        # ("parameter count of Quixtral?": a terse question opens with the field it asks)
        terse = bool(fields) and any(sp.start == 0 and sp.has("field") for sp in q.spans)
        long = len([t for t in q.toks if t.low.isalpha()]) > 8
        framed = {m.end() for m in _ASKED_ON.finditer(q.text)}  # where "an entry for", "tell me about" … end
        if opening not in starts and not terse and not (framed and opening in _YESNO_START):
            return None  # (a description)
        if not fields and opening not in ("what", "who", "what's", "whats", *telling) and not framed:
            return None
        for i, tok in enumerate(q.toks):
            if i in covered or i == 0 or not tok.text[:1].isupper() or tok.low not in self.lex.corpus_words:
                continue
            before = q.toks[i - 1]
            asked_of = terse and before.low in ("of", "for")  # "parameter count of Quixtral"
            asked_on = tok.start in framed  # "tell me about Quixtral"
            if common_word(tok.low, 4.0) and not (asked_on and self._name_goes_on(q, i + 1, covered, attached)):
                continue  # ("does the review say anything about Open Quixtral?": a name made of an everyday word)
            if before.low in _PREPOSITIONS | {"against", "than", "like", "vs"} and not (asked_of or asked_on):
                continue
            if long and not (asked_on or all(t.low in _LIGHT_OPENING for t in q.toks[:i])):
                return None  # a long question names things it is not about (but "what was the Quixtral … model")
            end = i + 1
            while end < len(q.toks) and (
                q.text[q.toks[end - 1].end : q.toks[end].start] == "-" or self._name_goes_on(q, end, covered, attached)
            ):
                end += 1  # "Quix-ST", "Nova Quixtral 3": the whole name with its version
            return q.text[tok.start : q.toks[end - 1].end]
        return None

    def _name_goes_on(self, q: _Question, k: int, covered: set[int], attached: set[int]) -> bool:
        """Whether token ``k`` continues a name begun before it: a version or size written after it, or another
        capitalised word no phrase covers."""
        if k >= len(q.toks) or q.text[q.toks[k - 1].end : q.toks[k].start] not in (" ", "-"):
            return False
        joined = q.text[q.toks[k - 1].end : q.toks[k].start] == "-"  # "Open-Reasoner": one name, known words or not
        return joined or k in attached or (k not in covered and q.toks[k].text[:1].isupper())

    def _versions_of_focus(self, q: _Question, conv: Conversation) -> list[tuple[int, int]]:
        """ "what did v2 add?" about Falbo, whose entry also goes by "Falbo v2": a bare version mark no phrase covers
        names that version of the entry in focus. A span naming the entry is put in for each; their token ranges
        are returned."""
        if len(conv.focus) != 1:
            return []
        rid = conv.focus[0]
        name = str(self.value_of(rid, "name"))
        covered = q.covered()
        marks = [
            (i, i + 1)
            for i, tok in enumerate(q.toks)
            if i not in covered
            and re.fullmatch(r"v\d+(\.\d+)*", tok.low)
            and self.lex.names.table.get(name_key(f"{name} {tok.low}")) == rid
        ]
        q.spans += [Span(a, b, [Sense("entry", rid)]) for a, b in marks]
        q.spans.sort(key=lambda sp: sp.start)
        return marks

    def _unit_modifiers(self, q: _Question) -> None:
        """ "a 100B-parameter protein model": a unit word in the singular right before a noun, with no number before
        it, describes the noun; it counts nothing."""
        spans = q.spans
        dropped = []
        covered = q.covered()
        for k, span in enumerate(spans):
            # "what does Falbo add to ordinary instruction tuning?": a compound with an activity the review has no
            # phrase for, and nothing counting it (but a "preference set" is an amount of preferences)
            last = q.toks[span.end - 1]
            after = q.toks[span.end] if span.end < len(q.toks) else None
            compound = (
                span.has("unit")
                and last.low == last.stem
                and after is not None
                and span.end not in covered
                and after.text.isalpha()
                and after.text.islower()
                and after.low.endswith("ing")
                and after.low not in _ING_FUNCTION_WORDS
                and not q.any_g("count")
                and not (k > 0 and spans[k - 1].number is not None)
            )
            if compound:
                span.senses = [s for s in span.senses if s.kind != "unit"]
                if not span.senses:
                    dropped.append(k)
        for k in range(len(spans) - 1):
            span, nxt = spans[k], spans[k + 1]
            last = q.toks[span.end - 1]
            if not span.has("unit") or last.low != last.stem or nxt.start != span.end:
                continue
            counted = k > 0 and spans[k - 1].number is not None and spans[k - 1].end == span.start
            # (but "the biggest dialogue dataset": a dataset counted in dialogues, the unit of what measures it)
            measures = {self.p.nouns[int(s.a)].measure for s in nxt.of("noun")}
            own = any(s.a in measures for s in span.of("unit"))
            # "preference data", "dialogue data": a unit word before a field or part of another field names a kind
            # of it
            keys = {s.a for s in nxt.senses if s.kind in ("field", "part")}
            other = bool(keys) and not keys & {s.a for s in span.of("unit")}
            if not counted and not own and (nxt.has("noun") or nxt.has("category") or other):
                span.senses = [s for s in span.senses if s.kind != "unit"]
                if not span.senses:
                    dropped.append(k)
        spans[:] = [span for k, span in enumerate(spans) if k not in dropped]

    def _counting_phrases(self, q: _Question) -> None:
        """ "the number of pretraining tokens": a phrase of counting right before a field or unit is that field; it
        names no field of its own, and asks for no count of entries."""
        counting = ("number of", "amount of", "count of", "total number of", "total")
        for span, nxt in pairwise(q.spans):
            measured = nxt.has("field") or nxt.has("unit")
            if nxt.start == span.end and measured and span.has("field") and q.words(span).lower() in counting:
                span.senses = []
                nxt.start = span.start  # one phrase: "number of pretraining tokens"
        q.spans[:] = [span for span in q.spans if span.senses]

    def _modified_phrases(self, q: _Question) -> None:
        """ "which preference data", "what other data": a field phrase ("which data") with one modifying word inside
        it is that phrase; the modifier (a word no other phrase needs) joins it."""
        spans = q.spans
        for i in range(1, len(q.toks) - 1):
            if q.toks[i - 1].low not in ("which", "what"):
                continue
            at = next((k for k, sp in enumerate(spans) if sp.start <= i < sp.end), None)
            own = at is not None and (
                spans[at].end - spans[at].start > 1
                or spans[at].number is not None
                or not all(s.kind == "unit" for s in spans[at].senses)
            )
            if own:
                continue  # the word means something of its own (a name, a value, a size), or is part of a phrase
            nxt = next((sp for sp in spans if sp.start == i + 1), None)
            if nxt is None:
                continue
            stems = (q.toks[i - 1].stem, *(t.stem for t in q.toks[nxt.start : nxt.end]))
            phrase = [s for s in self.lex.senses(*stems) if s.kind == "field" and s not in nxt.senses]
            if not phrase:
                continue
            nxt.senses += phrase
            nxt.start = i
            if at is not None:
                spans.pop(at)

    def _held_by_first(self, q: _Question, subjects: list[str]) -> list[str]:
        """ "which data did Falbo use for Wren?", where Wren is an entry Falbo's own fields name (its method): the
        second name says which of Falbo's data, it is no second entry asked about (but "Falbo and Wren", "Falbo or
        Wren", "Falbo vs Wren", "Falbo before or after Wren" ask about both)."""
        if len(subjects) != 2 or q.any_g("compare", "pair", "elapsed"):
            return subjects
        at = {s: next((sp for sp in q.spans if sp.has("entry") and sp.of("entry")[0].a == s), None) for s in subjects}
        first, second = at[subjects[0]], at[subjects[1]]
        if first is None or second is None or second.start < first.end:
            return subjects
        if any(sp.g("or", "and") and sp.start >= first.start for sp in q.spans):
            return subjects  # (an "and" opening the turn joins nothing)
        between = q.text[q.toks[first.end - 1].end : q.toks[second.start].start].lower()
        if re.search(r"[,;]|\b(?:than|vs|versus|with|before|after)\b", between):
            return subjects
        # "what weakness of Falbo does the Wren paper point out?": the first name is the object of "of" in what is
        # asked, the second, after an auxiliary, the question's subject: what Wren's entry says is asked
        aux = second.start - 1 - (second.start > 1 and q.toks[second.start - 1].low == "the")
        of_first = first.start > 0 and q.toks[first.start - 1].low == "of"
        if of_first and aux == first.end and q.toks[aux].low in AUXILIARIES:
            return subjects[1:]
        if f"entry:{subjects[1]}" in (self.value_of(subjects[0], "@mentions") or ()):
            return subjects[:1]
        # "how well did Wren do on it?" after Falbo, whose entry names Wren: Falbo's (referred to by a pronoun after a
        # preposition) is asked about, Wren says which part of it
        held = q.toks[second.start - 1].low in _PREPOSITIONS and second.g("ref") if second.start else False
        if held and f"entry:{subjects[0]}" in (self.value_of(subjects[1], "@mentions") or ()):
            return subjects[1:]
        return subjects

    def _coordinated_values(self, q: _Question) -> None:
        """ "released neither data nor a tool", "a tool but not data": a word joined by and/or/nor to a value of a
        field, that is written as another value of that same field, is that value (not the part "data" of a license
        or links)."""
        toks = q.toks
        for span in list(q.spans):
            for sense in span.of("enum"):
                values = self.p.fields[sense.a].values
                for k in [*range(span.start - 2, span.start - 6, -1), *range(span.end + 1, span.end + 5)]:
                    if not 0 <= k < len(toks):
                        continue
                    lo, hi = (k + 1, span.start) if k < span.start else (span.end, k)
                    between = " ".join(t.low for t in toks[lo:hi] if t.low not in _ARTICLES)
                    if between not in _JOINING:
                        continue
                    other = next((v.value for v in values if v.value not in sense.b.split(",")
                                  and v.value.lower() == toks[k].low), None)  # fmt: skip
                    held = next((sp for sp in q.spans if sp.start == k and sp.end == k + 1), None)
                    if other is None or (held is None and any(sp.start <= k < sp.end for sp in q.spans)):
                        continue  # (a word inside a longer phrase is that phrase's)
                    if held is None:
                        held = Span(k, k + 1)
                        q.spans.append(held)
                        q.spans.sort(key=lambda sp: sp.start)
                    held.senses = [Sense("enum", sense.a, other)]

    def _name_nouns(self, q: _Question) -> None:
        """ "what is the Falbo benchmark?", "what's in the Wren dataset?": a word right after a name that ends the
        question, and names no field, says what kind of thing the entry is; it asks for no part of a license and
        for no text."""
        spans = q.spans
        if len(spans) < 2 or spans[-1].end != len(q.toks) or spans[-1].has("field"):
            return
        last, name = spans[-1], spans[-2]
        if not name.has("entry") or last.start != name.end or last.end - last.start > 2:
            return
        kept = [s for s in last.senses if s.kind in ("noun", "category")]
        if kept:
            last.senses = kept
        elif all(s.kind == "g" and s.a == "why" for s in last.senses):
            spans.pop()

    def _description(self, q: _Question, conv: Conversation) -> bool:
        """Whether the question is a phrase that describes one entry, opening with its head: an article or a
        demonstrative and a noun ("the model that …", "a 10K set written by …") or a noun of the review ("dataset
        made by …"), or a maker's possessive ("Acme's 10k set …"); not a name ("Falbo fine-tuned on …")."""
        if not self._statement(q) or (conv.last is not None and conv.focus and _opening(q.toks) > 0):
            return False
        first = q.spans[0] if q.spans else None
        if first is None or (first.has("entry") and not q.toks[first.end - 1].possessive):
            return False
        lead = q.toks[0].low
        if lead in ("the", "a", "an", "that", "this", "some", "one"):
            return True
        return first.start == 0 and (first.has("noun") or first.has("category") or q.toks[first.end - 1].possessive)

    def _statement(self, q: _Question) -> bool:
        """Whether the question is a phrase describing something, with no question or list word to open it."""
        starts = _YESNO_START | _QUESTION_START | {"how", "when", "where", "why", "tell", "compare", "count"}
        return (
            len(q.toks) >= 7
            and q.toks[0].low not in starts
            and "?" not in q.text
            and not q.any_g("count", "list", "within")
        )

    # ---- parts of the reading ------------------------------------------------------------------------------------
    def _weak(self, q: _Question, span: Span) -> bool:
        """A lower-case everyday word that is also a name ("rose", "lark") in a question with nothing else of the
        review in it."""
        surface = q.text[q.toks[span.start].start : q.toks[span.end - 1].end]
        if span.fuzzy or not surface.islower() or span.end - span.start > 1:
            return False  # a name of several words ("explanation tuning") is meant, even in lower case
        if not all(common_word(t.low, 3.5) for t in q.toks[span.start : span.end]):
            return False
        return not [s for sp in q.spans if sp is not span for s in sp.senses if s.kind in _DOMAIN_KINDS]

    def _value_named(self, q: _Question, rng: tuple[int, int]) -> bool:
        """Whether a name the review has no entry on, but writes among some entry's values, is used as a value
        ("… a variant like Falbo-LM", "trained on Falbo-IML or …"), not asked about ("what is Falbo-LM?")."""
        a, b = rng
        before = q.toks[a - 1].low if a > 0 else ""
        stored = self.lex.stored_name(q.text[q.toks[a].start : q.toks[b - 1].end])
        listed = q.text[: q.toks[a].start].rstrip()[-1:] in (",", "(", "/")  # "(Falbo, Falbo-LM, …)"
        return stored and (before in _VALUE_BEFORE or listed) and len(q.toks) > 6

    def _entry_asked_for(self, q: _Question) -> str | None:
        """The entry a question asks whether the review has ("is there an entry on Falbo?", "any entry for Falbo in
        the review?"): its name right after an entry noun and "on", "for", "about" or "of", and nothing else named
        or asked but the review itself."""
        named = [sp for sp in q.spans if sp.has("entry")]
        if len(named) != 1 or named[0].start < 2:
            return None
        span = named[0]
        if q.toks[span.start - 1].low not in ("for", "on", "about", "of") or q.toks[span.start - 2].low not in (
            "entry",
            "entries",
        ):
            return None
        rest = [
            sp for sp in q.spans
            if sp is not span and not sp.start <= span.start - 2 < sp.end and q.words(sp) != "review"
            and any(s.kind in _REVIEW_SENSES for s in sp.senses)
        ]  # fmt: skip
        return None if rest else span.of("entry")[0].a

    def _about_name(self, q: _Question, rng: tuple[int, int]) -> bool:
        """Whether an unknown name is what the question is about (not a word in a long description)."""
        a, b = rng
        if len([t for t in q.toks if t.low.isalnum()]) <= 10:
            return True
        before = q.toks[a - 1].low if a > 0 else ""
        after = q.toks[b].low if b < len(q.toks) else ""
        follows_noun = any(sp.start == b and (sp.has("noun") or sp.has("category")) for sp in q.spans)
        # "the Quill-9 inverse folding model": the name, then the noun of its phrase
        follows_noun = follows_noun or (
            before == "the" and any(b <= sp.start <= b + 2 and (sp.has("noun") or sp.has("category")) for sp in q.spans)
        )
        # "who developed Quixtral and …": the name a field phrase asks of
        asked_of = any(sp.end == a and sp.has("field") for sp in q.spans)
        # "does the review have an entry for Quixtral, the …?": the name an entry is asked for
        asked_of = asked_of or (before in ("for", "on", "about", "of") and a >= 2 and q.toks[a - 2].low in _ENTRY_NOUNS)
        return before in _ABOUT_BEFORE or after in _ABOUT_AFTER or q.toks[b - 1].possessive or follows_noun or asked_of

    def _head(self, q: _Question) -> Span | None:
        """The noun the question is about: its first noun or category phrase (or a field phrase ending in such a
        noun, "which model"), if it comes early."""
        at = _after_fronted(q)
        for k, span in enumerate(q.spans):
            if span.end <= at:
                continue
            noun = span.has("noun") or span.has("category") or (span.has("field") and self._ends_in_noun(q, span))
            named = k > 0 and q.spans[k - 1].end == span.start and q.spans[k - 1].has("entry")
            if noun and named and span.has("noun") and not self._plural(q, span):
                continue  # "the Falbo paper": the entry's own noun, not a set asked about
            owned = k > 0 and q.spans[k - 1].end == span.start and q.words(q.spans[k - 1]).lower() in ("its", "their")
            if noun and owned and span.has("noun"):
                continue  # "the license of its models": the entry's own, not a set asked about
            if noun:
                return span if span.start - at <= 6 else None
            if span.has("entry") and span.start - at > 2:
                return None
        return None

    def _described(self, q: _Question, head: Span | None) -> bool:
        """ "the model that predicts structure from one sequence", "that dataset where …", or a statement with no
        question in it: one entry described; the names inside the description are what it is described by."""
        first = q.toks[0].low
        question_words = _YESNO_START | _QUESTION_START | {"how", "when", "where", "why", "who", "tell", "compare"}
        if _asks_all(q):
            return False  # a set asked for, whatever the singular before it
        statement = first not in question_words and "?" not in q.text and len(q.toks) >= 7
        # ("feedback-alignment entries that don't rely on X": a statement opened by a plural noun asks for a set)
        plural = head is not None and head.start <= 1 and not self._names_one(q, head)
        if statement and len(self._description_words(q)) >= 2 and not q.any_g("tell", "count") and not plural:
            return True
        if head is None or self._plural(q, head) or not (head.has("noun") or head.has("category") or head.g("ref")):
            return False
        starts = q.toks[0].low in ("the", "that", "this", "a", "an", "which", "what") and head.start <= 6
        follows = head.end < len(q.toks) and q.toks[head.end].low in ("that", "which", "who", "where", "whose", "with")
        # "assistant distilled from a million answers … on Falbo 7B": a statement opened by the singular noun
        # itself, with words no condition comes from (not "alignment work released in May 2023", a set)
        bare = statement and head.start == 0 and head.has("category") and bool(self._description_words(q))
        return bare or (starts and (follows or q.toks[0].low in ("the", "that", "this", "a", "an")))

    def _description_words(self, q: _Question) -> list[str]:
        """Words of a description that no condition can come from: rare words no phrase covers, rare words only the
        grammar of findings covers ("languages"), and bare numbers counting no unit ("35 languages", "13,500
        volunteers")."""
        words = [t.low for t in q.uncovered(5.0)]
        for k, span in enumerate(q.spans):
            nxt = q.spans[k + 1] if k + 1 < len(q.spans) else None
            if span.number is not None and not span.suffix and not (nxt is not None and nxt.has("unit")):
                words.append(q.words(span))
            elif span.senses and all(s.kind == "g" and s.a == "why" for s in span.senses):
                words += [t.low for t in q.toks[span.start : span.end] if not common_word(t.low, 5.0)]
        return words

    def _asks(self, head: Span | None) -> str | None:
        for sense in head.of("noun") if head is not None else []:
            asks = self.p.nouns[int(sense.a)].asks
            if asks:
                return asks
        return None

    def _comparing(self, q: _Question) -> bool:
        """A comparative or superlative word: "which is bigger", "which has more data", "the oldest of"."""
        for span in q.spans:
            words = q.words(span).split()
            if span.has("adj") or (words and words[0] in _MORE):
                return True
        return False

    def _ends_in_noun(self, q: _Question, span: Span) -> bool:
        last = q.toks[span.end - 1].stem
        return span.end - span.start > 1 and any(s.kind in ("noun", "category") for s in self.lex.senses(last))

    def _who_did(self, q: _Question) -> bool:
        """ "who used Falbo's data?", "who trained on Wren?": "who" alone, then a relation word (or a field phrase
        ending in a preposition) and a name — asks which works stand in that relation to it, not who made it."""
        spans = q.spans
        if len(spans) < 3 or q.toks[0].low != "who" or spans[0].start != 0 or spans[0].end != 1:
            return False
        verb = spans[1]
        relates = verb.has("relation") or (verb.has("field") and q.toks[verb.end - 1].low in _PREPOSITIONS)
        gap = [t.low for t in q.toks[verb.end : spans[2].start]]
        return verb.start == 1 and relates and gap in ([], ["the"]) and spans[2].has("entry")

    def _set_frame(self, q: _Question, head: Span | None) -> bool:
        """A question about a set of entries: a plural head noun, a list verb, a count, a narrowing of earlier
        results."""
        if q.any_g("within") or (q.any_g("count") and head is not None):
            return True
        if _asks_all(q):
            return True  # "I need a model I can use commercially. Which ones qualify?"
        second = q.spans[1] if len(q.spans) > 2 and q.spans[0].start == 0 else None
        if (
            second is not None
            and q.toks[0].low in ("which", "what")
            and q.words(second) in POSTFIX
            and q.words(second).endswith("s")
            and q.toks[second.end].low == "of"
        ):
            return True  # "which fine-tunes of Falbo have a 65B version?": the entries related to Falbo
        lows = [t.low for t in q.toks]
        at = lows.index("else") if "else" in lows else 0
        if at and lows[at - 1] in ("what", "anything", "something", "where"):  # ("who else" asks for people)
            return True  # "apart from Falbo, what else is from Acme?"
        if at and lows[at - 1] == "who" and any(sp.start == at + 1 and sp.has("relation") for sp in q.spans):
            return True  # "besides Falbo, who else used Acme data?": the works that did
        if _is_there(q.toks, _opening(q.toks)):
            return True  # "are there assistants that are not built on Falbo?": the names in it are conditions
        if self._who_did(q):
            return True  # "who trained on Falbo data?": the works that did
        for k, span in enumerate(q.spans[1:], 1):
            words = q.words(span).lower()
            after_name = q.spans[k - 1].has("entry") and q.spans[k - 1].end == span.start
            if after_name and words in POSTFIX and words.endswith("s") and words != "versus":
                return True  # "Corvid fine-tunes that …", "Falbo derivatives": the works related to a name
            ranked = k >= 2 and self._superlative(q, q.spans[k - 2]) and q.spans[k - 2].end == q.spans[k - 1].start
            if after_name and relation_noun(words) and ranked:
                return True  # "the largest Corvid fine-tune": the works related to a name, ranked
            of_name = (
                span.end < len(q.toks)
                and q.toks[span.end].low == "of"
                and any(sp.start == span.end + 1 and sp.has("entry") for sp in q.spans)
            )
            if (
                of_name
                and relation_noun(words)
                and self._superlative(q, q.spans[k - 1])
                and q.spans[k - 1].end == span.start
            ):
                return True  # "the smallest fine-tune of Falbo"
        noun_head = head is not None and (head.has("noun") or head.has("category"))
        listing = q.toks[0].low in _LIST_START or q.toks[0].low in ("which", "what")
        if head is not None and not noun_head and listing and head.start <= 1 and self._plural(q, head):
            return True  # "which models …": a field phrase ("which model") made plural asks for a set
        if q.toks[0].low in _LIST_START and noun_head:
            return True  # "list the datasets", "any models from 2022?" (but "any good bread tips?" is no list)
        if (
            noun_head
            and head.end < len(q.toks)  # type: ignore[union-attr]
            and q.toks[head.end].low in ("that", "which", "whose")  # type: ignore[union-attr]
            and not {t.low for t in q.toks[: head.start]} & _DETERMINERS  # type: ignore[union-attr]
            and not any(sp.g("which_one", "tell") for sp in q.spans)
        ):
            return True  # "2023 alignment work that did not start from Falbo": a bare noun and its clause, a set
        return noun_head and self._plural(q, head)  # type: ignore[arg-type]

    def _other_part(self, q: _Question, conv: Conversation) -> Query | None:
        """ "what license is the code under?" then "and the weights?": the same field, of the part named now."""
        last = conv.last
        named = q.content()
        if last is None or last.op != "lookup" or len(named) != 1 or not last.fields:
            return None
        parts = [s.b for s in named[0].of("part") if s.a in last.fields]
        if not parts or named[0].has("entry"):
            return None
        return last.with_(question=q.text, parts=(parts[0],), follow_up=True)

    def _other_size(self, q: _Question, conv: Conversation) -> Query | None:
        """ "how many tokens was the biggest one trained on?" then "and the 7B?": the same fields of the entry in
        focus, whose values are given per size (a size it has, and nothing else named)."""
        last = conv.last
        variant = ("one", "version", "model", "variant", "checkpoint")
        named = [sp for sp in q.content() if q.words(sp).lower() not in variant]  # ("and the 13B one?")
        if last is None or last.op != "lookup" or len(conv.focus) != 1 or len(named) != 1 or not last.fields:
            return None
        size = named[0]
        known = {z.lower() for z in self.lex.entry_sizes.get(conv.focus[0], ())}
        if size.number is None or not size.suffix or q.words(size).lower() not in known:
            return None
        # only a field whose value names sizes ("1,500B (7B); 3,500B (180B)"); a date is the entry's, whatever size
        per_size = any(q.words(size).lower() in str(self.value_of(conv.focus[0], f)).lower() for f in last.fields)
        return last.with_(question=q.text, subjects=conv.focus[:1], where=None, follow_up=True) if per_size else None

    def _same_question_of(self, q: _Question, conv: Conversation) -> Query | None:
        """ "which models use Acmeset?" then "and Quillset?": the same list asked of the value named now, in place of
        the value of the same field the last list was asked of."""
        last = conv.last
        named = q.content()
        if last is None or last.op not in ("list", "count") or last.where is None or len(named) != 1:
            return None
        span = named[0]
        surface = q.words(span)
        items = list(last.where.items) if isinstance(last.where, And) else [last.where]
        for i, item in enumerate(items):
            if not isinstance(item, Atom) or item.op not in ("has", "eq") or item.field.startswith("@"):
                continue
            spec = self.p.fields[item.field]
            new: str | None = None
            if all(str(v).startswith("entry:") for v in item.values) and span.has("entry"):
                new = f"entry:{span.of('entry')[0].a}"
            elif spec.vocabulary and (vocab := self.lex.vocabs.get(spec.vocabulary)) is not None:
                new = vocab.by_key.get(name_key(surface))
            if new is None:
                continue
            shown = str(self.value_of(new[6:], "name")) if new.startswith("entry:") else new
            template = spec.condition or self.p.label(item.field).lower() + " {value}"
            items[i] = Atom(item.field, item.op, (new,), template.format(value=shown))
            where = items[0] if len(items) == 1 else And(tuple(items))
            return last.with_(question=q.text, where=where, follow_up=True)
        return None

    def _asks_one(self, q: _Question) -> bool:
        """ "which one …", "which of them is …": one entry of a set asked for (not "which of them are …")."""
        lows = [t.low for t in q.toks]
        for i, low in enumerate(lows):
            if low != "which" or i + 1 >= len(lows):
                continue
            if lows[i + 1] == "one":
                return True
            if lows[i + 1] == "of" and i + 3 < len(lows) and lows[i + 3] in ("is", "was", "has", "does"):
                return True
        return False

    def _superlative(self, q: _Question, span: Span) -> bool:
        return bool(set(q.words(span).lower().split()) & (_DESCENDING | _ASCENDING))

    def _value_one(self, q: _Question, conv: Conversation) -> None:
        """ "what base model did the Acme one use?" after a list: the one entry of that list holding the value."""
        if len(conv.results) < 2:
            return
        for k, span in enumerate(q.spans[:-1]):
            one = q.spans[k + 1]
            if not span.has("value") or one.start != span.end or one.end - one.start != 1:
                continue
            if q.toks[one.start].low != "one" or span.start == 0 or q.toks[span.start - 1].low not in ("the", "that"):
                continue
            written = q.text[q.toks[span.start].start : q.toks[span.end - 1].end]
            if self._name_the_holder(q, span, conv.results, f"the {written} one"):
                del q.spans[k + 1]
                return

    def _one_by_value(self, q: _Question, conv: Conversation) -> None:
        """ "what base model did the one from Acme use?" after a list: the one entry of that list holding the value
        (read as if its name were written there)."""
        if not conv.results:
            return
        for one in q.spans:
            # "the one from Acme", "that one by Acme": the same, the value said after "one" and a preposition
            words = q.words(one)
            article = one.start > 0 and q.toks[one.start - 1].low in ("the", "that")
            if not (words in ("the one", "that one") or (words == "one" and article)):
                continue
            value = next((sp for sp in q.spans if sp.start == one.end + 1 and sp.has("value")), None)
            if value is None or q.toks[one.end].low not in ("from", "by", "at", "with"):
                continue
            first = one.start - 1 if words == "one" else one.start
            written = q.text[q.toks[first].start : q.toks[value.end - 1].end]
            if self._name_the_holder(q, value, conv.results, written):
                q.spans.remove(one)  # (an article before "one" stays, as before a name)
                _drop_tokens(q.toks, q.spans, one.end - 1, value.start)
                return

    def _name_the_holder(self, q: _Question, value: Span, rids: Sequence[str], written: str) -> bool:
        """When exactly one of ``rids`` holds the value span names, read the span as that entry's name (and say so
        in the reading, as ``written``)."""
        held = self._holders(value, rids)
        if len(held) != 1:
            return False
        q.notes.append(f"{written}: {self.value_of(held[0], 'name')}")
        value.senses = [Sense("entry", held[0])]
        return True

    def _holders(self, span: Span, rids: Sequence[str]) -> list[str]:
        """Of ``rids``, the entries holding a value span names (in any field of its vocabulary)."""
        return [
            rid
            for rid in rids
            if any(
                sense.b in (self.value_of(rid, f"@canon:{key}") or ())
                for sense in span.of("value")
                for key, spec in self.p.fields.items()
                if spec.vocabulary == sense.a
            )
        ]

    def _focus_value(self, q: _Question, conv: Conversation) -> None:
        """ "what's StackFalbo?" then "what data was the Quill scorer trained on?": a value the entry in focus holds,
        said with "the" in the singular, is that entry's own ("its Quill scorer"), no condition on a set."""
        last = conv.last
        if len(conv.focus) != 1 or last is None or last.op not in ("lookup", "describe", "text", "verify"):
            return
        if any(sp.has("entry") or sp.g("ref", "refs", "pair", "within") for sp in q.spans):
            return
        if any((sp.has("noun") or sp.has("category")) and self._plural(q, sp) for sp in q.spans):
            return  # "which works use the Quill scorer?": a set asked for
        if (OTHER_WORDS | {"another", "others"}) & {t.low for t in q.toks}:
            return  # "what else did the Acme workshop put out?": other entries
        for span in q.spans:
            last_tok = q.toks[span.end - 1]
            if not span.has("value") or span.start == 0 or q.toks[span.start - 1].low != "the":
                continue
            if last_tok.low != last_tok.stem or not self._holders(span, conv.focus):
                continue
            at = span.start - 1
            q.toks[at] = replace(q.toks[at], low="its", stem="its")
            q.spans.insert(q.spans.index(span), Span(at, at + 1, [Sense("g", "ref", "")]))
            return

    def _subject_of_verb(self, q: _Question, head: Span) -> bool:
        """ "which models mixed the Falbo data into theirs?": a question phrase followed by a verb in the past tense
        that no phrase of the review covers is that verb's subject, a set asked for, whatever is named after it."""
        at = max(_opening(q.toks), _after_fronted(q))  # ("apart from Falbo, which models …")
        if head.start != at or head.end >= len(q.toks) or q.toks[at].low not in ("which", "what"):
            return False
        after = q.toks[head.end]
        covered = any(sp.start <= head.end < sp.end for sp in q.spans)
        return not covered and after.low.endswith("ed") and after.low not in _YESNO_START

    def _names_one(self, q: _Question, head: Span) -> bool:
        """One thing described, not a set: a singular noun, "a family of … models", "the suite of …", or a small count
        before the noun ("four autoregressive models from 85M to 1.2B …")."""
        return (
            "of" in (t.low for t in q.toks[max(0, head.start - 4) : head.start])
            or not self._plural(q, head)
            or any(
                sp.number is not None and not sp.suffix and 2 <= sp.number <= 12 and head.start - 3 <= sp.start
                for sp in q.spans
                if sp.end <= head.start
            )
        )

    def _plural(self, q: _Question, span: Span) -> bool:
        """Whether a noun phrase is plural; a category phrase followed by a noun ("the Acme-style entries") takes
        the number of the noun."""
        noun = next((sp for sp in q.spans if sp.start == span.end and sp.has("noun")), None)
        if noun is None and span.end + 1 < len(q.toks) and q.toks[span.end].low in ("or", "and"):
            # "instruction or preference datasets": the word shares the number of the phrase after it
            noun = next((sp for sp in q.spans if sp.start == span.end + 1 and (sp.has("noun") or sp.has("category"))),
                        None)  # fmt: skip
        last = q.toks[(noun or span).end - 1]
        after = q.toks[(noun or span).end].low if (noun or span).end < len(q.toks) else ""
        if after in ("families", "series", "variants", "versions", "kinds", "types", "lines"):
            return True  # "which model families …"
        return last.low != last.stem

    def _subjects(self, q: _Question, reading: Reading) -> list[str]:
        out: list[str] = []
        for k, span in enumerate(q.spans):
            if span.has("entry") and reading.roles.get(k) is None and k not in reading.used:
                out.append(span.of("entry")[0].a)
        return list(dict.fromkeys(out))

    def _references(self, q: _Question, conv: Conversation) -> tuple[list[str], tuple[str, ...] | None, bool]:
        """Entries the question refers to as a group ("the two", "them"), a result set it narrows ("of them"), and
        whether it refers to anything. A singular reference ("it", "that model") gets the entry's sense instead, so
        "which models used it?" reads it as a value just like a name."""
        referred = False
        refs: list[str] = []
        within: tuple[str, ...] | None = None
        previous = self._previous(conv)
        after_ordinal = -2
        for k, span in enumerate(q.spans):
            words = q.words(span)
            if span.g("pair", "within", "refs", "ref"):
                referred = True
            ordinal = self._ordinal(q, k, conv)
            if ordinal:
                span.senses = [Sense("entry", ordinal), *[s for s in span.senses if s.kind != "adj"]]
                referred = True
                after_ordinal = span.end
                continue
            if span.g("within") and span.start <= after_ordinal + 1:
                continue  # "the first of those": the ordinal already picked the entry
            if span.g("pair"):
                # the two entries just discussed, or the two the last answer named ("those two"), or the results
                named_first = "those" in words or "these" in words
                order: tuple[tuple[str, ...], ...] = (
                    (conv.focus, conv.linked, conv.results) if named_first else (conv.focus, conv.recent)
                )
                if _after_set(conv) and len(conv.results) == 2:
                    order = (conv.results,)  # "which of the two …" right after a list of two
                pair = next((c for c in order if len(c) == 2), conv.recent)
                if len(pair) >= 2:
                    refs += list(pair[:2])
                elif span.g("within") and previous:
                    within = previous
                continue
            if span.g("within") and words.lower().split()[-1] == "other" and (picked := _other_of_two(conv)):
                span.senses.insert(0, Sense("entry", picked))  # "the data of the other one": one entry, not a set
                continue
            if span.g("within"):
                others = words.lower().split()[-1] in ("other", "others", "rest", "remaining")
                if previous and not (others and len(previous) == 1):
                    within = previous  # (but "the other benchmark" after one entry: the rest of the review)
                continue
            opens = span.start == _opening(q.toks)  # ("and which one …?")
            # (a name after a relation word is a value asked of them: "which one was trained on Falboset?")
            named = [i for i, sp in enumerate(q.spans) if sp.has("entry") and not (i and q.spans[i - 1].of("relation"))]
            if span.g("which_one") and opens and not named:
                if _after_set(conv):
                    within = conv.results  # "which one has a recorded size?" after a list: among its entries
                    referred = True
                elif len(conv.focus) >= 2:
                    within = conv.focus  # "which one is the encoder-decoder?" after two were compared
                    referred = True
                continue
            if span.g("refs") and not span.has("noun"):
                chose_one = conv.last is not None and conv.last.op == "search" and conv.last.within is not None
                if chose_one and len(conv.focus) == 1:
                    refs += list(conv.focus)  # "which of them has weights?" then "what license are those under?"
                elif _after_set(conv):
                    within = conv.results
                elif self._values_referred(q, conv) is not None:
                    continue  # "which organisation made it?" then "what else did they make?": its makers
                elif conv.focus:
                    refs += list(conv.focus)
                continue
            if span.g("refs") and span.has("noun") and conv.results:
                within = conv.results  # "these models"
                continue
            if span.g("ref") and _about_chat(q, span):
                continue  # "in this review": the chat itself, not an entry
            if (
                span.g("ref")
                and not conv.linked
                and self._names_last_field(q, k, conv)
                and self._values_referred(q, conv) is not None
            ):
                continue  # "what else did that organisation put out?": the makers just named, not the entry
            named_before = [sp for sp in q.spans[:k] if sp.has("entry")]
            aside = bool(named_before) and bool(
                re.search(r"[,:;?!\u2014]| - ", q.text[q.toks[named_before[-1].end - 1].end : q.toks[span.start].start])
            )  # "now Falbo 2 instead: what license does that one use?" (but "trained with Falbo on it" is another)
            if span.g("ref") and words in _APPOSITION and aside:
                continue  # "now Falbo 2 instead: what license does that one use?" - the name just given
            if span.g("ref"):
                before = q.spans[k - 1] if k else None
                nxt = q.spans[k + 1] if k + 1 < len(q.spans) else None
                names_noun = (
                    nxt is not None and nxt.start == span.end and any(nxt.has(x) for x in ("noun", "field", "part"))
                )
                if (
                    words in ("that", "this")
                    and before is not None
                    and before.end == span.start
                    and (before.has("noun") or before.has("category") or before.has("entry"))
                ):
                    continue  # "works that used …": a relative pronoun, not a reference
                if words in ("that", "this") and nxt is not None and nxt.start == span.end and nxt.g("same"):
                    continue  # "released that same month": a determiner of "same", the entry is "as" what follows
                if (
                    words == "that"
                    and not names_noun
                    and any(sp.has("noun") or sp.has("category") for sp in q.spans[:k])
                ):
                    continue  # "models from before 2022 that weren't made by Acme": still a relative pronoun
                # "that model", and a bare "that" ending the question ("who made that?"): the thing the last answer
                # named, not the entry it was about
                # "the largest version of that", "how many messages does that have": a pronoun, not a determiner
                pronoun = (
                    span.end == len(q.toks)
                    or q.text[q.toks[span.end - 1].end :].lstrip()[:1] in "?.!,;"
                    or (span.start > 0 and q.toks[span.start - 1].low in _PREPOSITIONS)
                    or (span.end < len(q.toks) and q.toks[span.end].low in AUXILIARIES)
                )
                specific = (
                    words.split()[-1] in _SPECIFIC_REF
                    or (
                        words in ("that", "this")
                        and k + 1 < len(q.spans)
                        and q.spans[k + 1].start - span.end <= 1
                        and (q.spans[k + 1].has("noun") or q.spans[k + 1].has("field") or q.spans[k + 1].has("part"))
                    )
                    or (words == "that" and pronoun)
                    or (words in ("that", "this") and self._demonstrative(q, span))
                )
                picked = self._pick(words, conv, specific)
                if self._said_as_owned(q, span, conv):
                    picked = conv.focus[0]  # "which models generated its data?" then "that data": the entry's own
                asked = conv.fields[0] if conv.fields else None
                if (
                    words in ("that", "this")
                    and names_noun
                    and len(conv.focus) == 1
                    and len(conv.linked) > 1  # (with one entry linked, "that seed dataset" is that entry)
                    and asked is not None
                    and self.p.fields[asked].type != "refs"
                    and any(s.a == asked for s in nxt.of("field"))  # type: ignore[union-attr]
                ):
                    # "what data did they mix?" then "how big is that mixture?": the value just stated, naming several
                    # entries, is the entry's own, not one of them
                    picked = conv.focus[0]
                if picked:
                    span.senses.insert(0, Sense("entry", picked))
                    if words == "that" and pronoun and conv.focus and picked != conv.focus[0]:
                        q.alternative = (picked, conv.focus[0])
                    elif (
                        words == "it"  # ("and its license?" goes on about the entry)
                        and q.toks[0].low not in ("and", "also")
                        and len(conv.linked) == 1
                        and conv.focus[:1] == (picked,) != conv.linked
                    ):
                        q.alternative = (picked, conv.linked[0])
        return list(dict.fromkeys(refs)), within, referred

    def _versions(self, q: _Question, conv: Conversation) -> None:
        """ "its successor", "the earlier version of Falbo", "Falbo's predecessor": the other version of the entry
        referred to stands in for it (its name, or the reference's entry, or the entry in focus)."""
        self._version_by_verb(q, conv)
        for k, span in enumerate(q.spans):
            if not span.g("successor", "predecessor"):
                continue
            later = span.g("successor")
            named = [j for j, sp in enumerate(q.spans) if sp.has("entry") and j != k]
            near = [j for j in named if q.spans[j].end == span.start]  # "its successor", "Falbo's successor"
            near += [
                j for j in named if q.spans[j].start == span.end + 1 and q.toks[span.end].low in ("of", "to", "for")
            ]  # "the successor of Falbo", "a successor to it"
            before = q.toks[span.start - 1].low if span.start else ""
            if near and q.spans[near[0]].end == span.start and before in ("that", "this"):
                # "that predecessor": a determiner, not the entry whose version is meant
                q.spans[near[0]].senses = [s for s in q.spans[near[0]].senses if s.kind != "entry"]
                near, named = [], []
            anchor = near[0] if near else (named[0] if len(named) == 1 else None)
            named_last = conv.last is not None and any(
                kind in n for n in conv.last.notes for kind in ("later", "earlier")
            )
            if anchor is None and before in ("the", "that", "this") and named_last and len(conv.focus) == 1:
                # "what models were trained on the successor?" right after "and its successor?", "how many tasks did
                # that predecessor have?": the one just named
                span.senses = [Sense("entry", conv.focus[0])]
                return
            if anchor is not None:
                rid = q.spans[anchor].of("entry")[0].a
            elif len(conv.focus) == 1:
                rid = conv.focus[0]
            else:
                continue
            name = self.value_of(rid, "name")
            target = self.value_of(rid, "@later" if later else "@earlier")
            kind = "later" if later else "earlier"
            if target is None:
                q.no_version = f"{'an' if kind == 'earlier' else 'a'} {kind} version of {name}"
                return
            q.notes.append(f"the {kind} version of {name}: {self.value_of(target, 'name')}")
            if near and anchor is not None:
                q.spans[anchor].senses = [Sense("entry", target)]  # (the version word stays read, as grammar)
            else:
                span.senses = [Sense("entry", target)]  # "the successor" stands for the entry by itself
            return

    def _version_by_verb(self, q: _Question, conv: Conversation) -> None:
        """ "what came before it?", "what succeeded Falbo?": one thing asked, and the entry has a version on that
        side of it — that version (without one, the question asks for the entries released before or after)."""
        at = _opening(q.toks)  # ("and what came before it?")
        words = [t.low for t in q.toks[at:]]
        verbs = {("came", "before"): "@earlier", ("came", "after"): "@later", ("preceded",): "@earlier",
                 ("succeeded",): "@later", ("replaced",): "@later", ("followed",): "@later"}  # fmt: skip
        if len(words) < 3 or words[0] != "what":
            return
        side = verbs.get(tuple(words[1:3])) or verbs.get((words[1],))
        if side is None:
            return
        rest = [sp for sp in q.spans if sp.start >= at + (3 if words[1] == "came" else 2)]
        if len(rest) != 1:
            return
        target_span = rest[0]
        if target_span.has("entry"):
            rid = target_span.of("entry")[0].a
        elif target_span.g("ref") and len(conv.focus) == 1:
            rid = conv.focus[0]
        else:
            return
        target = self.value_of(rid, side)
        if target is not None:
            later = side == "@later"
            name = self.value_of(rid, "name")
            q.notes.append(f"the {'later' if later else 'earlier'} version of {name}: {self.value_of(target, 'name')}")
            q.version = target

    def _leave_out(self, reading: Reading, ids: tuple[str, ...]) -> None:
        """Add to the conditions read that these entries (named after the first) are not among the answers."""
        other = Not(Atom("@id", "eq", ids, str(self.value_of(ids[0], "name"))))
        reading.where = flatten_and([*([reading.where] if reading.where is not None else []), other])

    def _excluded(self, q: _Question, span: Span) -> bool:
        """Whether a name is left out by a negation just before it ("besides Corvid, which datasets …")."""
        k = q.spans.index(span)
        return k > 0 and q.spans[k - 1].g("neg") and q.spans[k - 1].end >= span.start - 1

    def _of_entry(self, q: _Question, head: Span) -> bool:
        """Whether "of" (or "for") and a named or referred-to entry follow the head ("the base model of Corvid / of
        it", "the license for Wren")."""
        if head.end >= len(q.toks) or q.toks[head.end].low not in ("of", "for"):
            return False
        nxt = next((sp for sp in q.spans if sp.start > head.end), None)
        return nxt is not None and nxt.start <= head.end + 2 and (nxt.has("entry") or nxt.g("ref"))

    def _demonstrative(self, q: _Question, span: Span) -> bool:
        """ "who trained that family?", "that checkpoint": "that" before a noun the review has no word for (not a
        verb: "models that used …")."""
        if span.end >= len(q.toks):
            return False
        nxt = q.toks[span.end]
        covered = any(sp.start <= span.end < sp.end for sp in q.spans)
        verbish = nxt.low in AUXILIARIES or nxt.low.endswith("ed") or nxt.low in _YESNO_START
        return not covered and nxt.low.isalpha() and not verbish and not _about_chat(q, span)

    def _names_last_field(self, q: _Question, k: int, conv: Conversation) -> bool:
        """ "that organisation", "the same lab": a demonstrative before a word of the field just asked, or of a
        field of names the entry in focus records ("that group" three questions after its makers were asked)."""
        span = q.spans[k]
        nxt = q.spans[k + 1] if k + 1 < len(q.spans) else None
        words = q.words(span).lower().split()
        if len(words) == 2 and words[0] in ("that", "this") and len(conv.focus) == 1:
            return self._field_of_kind(words[1], conv.focus[0]) is not None  # "that dataset"
        after = q.toks[span.end].low if span.end < len(q.toks) else ""
        if q.words(span).lower() in _DEMONSTRATIVES and conv.fields and conv.last is not None and after.isalpha():
            # "what RL algorithm did it introduce?" then "that algorithm": the noun of the question just answered
            repeated = after not in ("one", "same") and (nxt is None or nxt.start != span.end)
            if repeated and re.search(rf"\b{after}\b", conv.last.question, re.I):
                return True
        if q.words(span) not in _DEMONSTRATIVES or nxt is None or nxt.start != span.end:
            return False
        if nxt.g("same") and k + 2 < len(q.spans) and q.spans[k + 2].start == nxt.end:
            nxt = q.spans[k + 2]  # "that same model"
        if conv.fields and any(s.a == conv.fields[0] for s in nxt.of("field")):
            return True
        if conv.fields and any(self.p.nouns[int(s.a)].asks == conv.fields[0] for s in nxt.of("noun")):
            return True  # "that model" after its base model was asked: the noun that asks for that field
        key = self._demonstrated_field(q, conv)
        return key is not None and len(conv.focus) == 1 and bool(self.value_of(conv.focus[0], key))

    def _demonstrated_field(self, q: _Question, conv: Conversation) -> str | None:
        """The field of names a demonstrative points at ("that group", "this lab", "that dataset" of an entry that
        names one), if any."""
        for k, span in enumerate(q.spans):
            words = q.words(span).lower().split()
            demonstrative = len(words) == 2 and words[0] in ("that", "this") and span.g("ref")
            if demonstrative and len(conv.focus) == 1 and (key := self._field_of_kind(words[1], conv.focus[0])):
                return key
            if k + 1 == len(q.spans):
                break
            nxt = q.spans[k + 1]
            if q.words(span) in _DEMONSTRATIVES and nxt.start == span.end:
                for sense in nxt.of("field"):
                    spec = self.p.fields[sense.a]
                    if spec.type == "names" and spec.vocabulary:
                        return sense.a
        return None

    def _values_referred(self, q: _Question, conv: Conversation) -> Atom | None:
        """ "which organisation is behind it?" then "what other work by them is in the review?": a plural pronoun
        after one entry's field of names was asked means those names, when the question asks for a set ("other",
        "else", "which …") — a condition that the field holds one of them."""
        pointed = self._demonstrated_field(q, conv)
        if len(conv.focus) != 1 or conv.last is None:
            return None
        if pointed is None and (not conv.fields or conv.last.op not in ("lookup", "verify")):
            return None
        key = pointed or conv.fields[0]
        spec = self.p.fields.get(key)
        if (
            spec is None
            or spec.type not in ("names", "license", "refs", "category", "text")
            or (not spec.vocabulary and spec.type in ("names", "license"))
        ):
            return None
        head = self._head(q)
        plural_head = head is not None and (head.has("noun") or head.has("category")) and self._plural(q, head)
        other = bool({"other", "else", "another", "others"} & {t.low for t in q.toks})
        if not (other or plural_head):
            return None  # ("what model did they fine-tune?" asks about the entry itself)
        head_refs = head is not None and any(self.p.fields[s.a].type == "refs" for s in head.of("field"))
        if not other and head_refs and any(sp.of("relation") for sp in q.spans):
            return None  # ("which base models did they fine-tune?": the entry's own, its makers did the work)
        if not other and q.toks[_opening(q.toks)].low in _YESNO_START:
            return None  # ("can I download their code or models?" asks whether the entry itself released them)
        vocab = self.lex.vocabs.get(spec.vocabulary) if spec.vocabulary else None
        demonstrative = any(t.low in _DEMONSTRATIVES | {"same"} for t in q.toks)
        if spec.type != "names" and not demonstrative:
            return None  # "they", "them" are the entry's makers, not its licenses or base models
        if spec.type == "license":
            # "which other datasets share that license?": the licenses of the parts just asked about
            stored = self.value_of(conv.focus[0], key)
            parts = conv.parts or tuple(spec.parts)
            found = [
                (part, name)
                for part in parts
                for name in sorted(vocab.find(str(getattr(stored, part, None) or "")) if vocab else ())
            ]
            if not found:
                return None
            shown = " or ".join(f"{name} ({part})" for part, name in found)
            return Atom(key, "has", tuple(f"{part}:{name}" for part, name in found), f"licensed under {shown}")
        if spec.type == "category":
            # "are there other entries in that category?"
            kind = self.value_of(conv.focus[0], key)
            if not kind:
                return None
            return Atom(key, "eq", (str(kind),), self.p.category_title(str(kind)).lower())
        if spec.type == "text":
            # "what RL algorithm did it introduce?" then "which other works use that algorithm?": the entries the text
            # just given names (the entry itself too, when the text names its own method)
            named = _linked(self.value_of, conv.focus[0], key)
            if not named and spec.vocabulary:
                # (or, naming no entry, the vocabulary's values it names: "Acme (Wren with …)" -> Acme, Wren)
                canon = self.value_of(conv.focus[0], f"@canon:{key}") or ()
                values = tuple(v for v in canon if not str(v).startswith(("entry:", "group:", "raw:", "w:")))
                if values:
                    label = f"{self.p.label(key).lower()} naming {' or '.join(values)}"
                    return Atom(key, "has", values, label)
            if not named:
                return None
            shown = " or ".join(str(self.value_of(rid, "name")) for rid in named)
            label = f"{self.p.label(key).lower()} naming {shown}"
            return Atom(key, "has", tuple(f"entry:{rid}" for rid in named), label)
        if spec.type == "refs":
            # "which other works start from that same model?": the entries its base models name
            linked = [rid for rid in _linked(self.value_of, conv.focus[0], key) if rid != conv.focus[0]]
            if not linked:
                return None
            shown = " or ".join(str(self.value_of(rid, "name")) for rid in linked)
            template = spec.condition or self.p.label(key).lower() + " {value}"
            return Atom(key, "has", tuple(f"entry:{rid}" for rid in linked), template.format(value=shown))
        stored = self.value_of(conv.focus[0], key) or []
        names = [vocab.by_key.get(name_key(str(v)), str(v)) if vocab else str(v) for v in stored]
        if not names:
            return None
        template = spec.condition or self.p.label(key).lower() + " {value}"
        return Atom(key, "has", tuple(names), template.format(value=" or ".join(names)))

    def _ordinal(self, q: _Question, k: int, conv: Conversation) -> str | None:
        """ "the first of those datasets", "the second one of them": an entry of the last answer by position."""
        span = q.spans[k]
        word = q.toks[span.end - 1].low
        position = {"first": 0, "second": 1, "third": 2, "last": -1}.get(word)
        rest = [t.low for t in q.toks[span.end : span.end + 3]]
        if position is None or not rest or rest[0] != "of" or not ({"those", "these", "them"} & set(rest[1:])):
            return None
        previous = self._previous(conv)
        if not previous or position >= len(previous):
            return None
        return previous[position]

    def _previous(self, conv: Conversation) -> tuple[str, ...]:
        """What "of them" narrows: the last answer's results, else the entries it was about, else the last two
        entries discussed."""
        if _after_set(conv, "tally"):
            return conv.results
        if conv.linked:
            return conv.linked  # "which base models did they use?" then "the biggest of those"
        if len(conv.focus) >= 2:
            return conv.focus
        if len(conv.recent) >= 2:
            return conv.recent[:2]
        return conv.focus or conv.results

    def _pick(self, words: str, conv: Conversation, specific: bool) -> str | None:
        # after a comparison, "the second one" is the second named, whatever the verdict put first
        last = conv.last
        named = last.subjects if last is not None and len(last.subjects) >= 2 else ()
        if last is not None and not named and last.within and len(last.within) <= 5:
            named = last.within  # "do both use it?" then "the second one": the second of the two as named
        ordered = named or conv.results or conv.focus
        if len(ordered) < 2 and len(conv.ordered) >= 2 and set(conv.focus) <= set(conv.ordered):
            ordered = conv.ordered  # "compare A and B", "who made the first one?", then "and the second one?"
        if "first" in words and ordered:
            return ordered[0]
        if "second" in words and len(ordered) > 1:
            return ordered[1]
        if "last" in words and ordered:
            return ordered[-1]
        if "other" in words.split() and (other := _other_of_two(conv)):
            return other
        if "former" in words and len(conv.recent) > 1:
            return conv.recent[1]
        if "latter" in words and conv.recent:
            return conv.recent[0]
        if conv.linked and specific and words.split()[0] in ("that", "this"):
            return conv.linked[0]
        if not conv.linked and len(conv.named) == 1 and words in ("that one", "this one"):
            return conv.named[0]  # "what earlier dataset did it expand?" answered with a quote naming one entry
        # (but after "which one of them …?" picked one of a list, "that one" is the one picked)
        chose_one = last is not None and last.op == "search" and last.within is not None and len(conv.focus) == 1
        if words in ("that one", "this one") and _after_set(conv, "tally") and not chose_one:
            return conv.results[0]  # "how many tasks does that one have?" after a list: the one it put first
        if len(conv.focus) == 1 and words.split()[0] in ("that", "this") and (linked := self._field_ref(words, conv)):
            return linked  # "who made that base model?": the entry the field of that name links to
        if conv.focus:
            return conv.focus[0]
        if conv.results and len(conv.results) == 1:
            return conv.results[0]
        return None

    def _field_ref(self, words: str, conv: Conversation) -> str | None:
        """ "that base model" after one entry: the entry its field of that name (a reference to entries) links to."""
        phrase = [stem(w) for w in words.lower().split()[1:]]
        keys = [s.a for s in self.lex.senses(*phrase) if s.kind == "field" and self.p.fields[s.a].type == "refs"]
        linked = [e for key in keys for e in _linked(self.value_of, conv.focus[0], key)]
        return linked[0] if linked else None

    def _field_of_kind(self, noun: str, focus: str) -> str | None:
        """ "that dataset" said of an entry that is no dataset: the field of names in which the entry in focus names
        an entry of that category ("trained on Falboset"), if any."""
        key = self.p.category_field
        kinds = {s.a for s in self.lex.senses(stem(noun)) if s.kind == "category"}
        if key is None or not kinds or self.value_of(focus, key) in kinds:
            return None
        for field in self.p.fields_of("names"):
            if self.p.fields[field].vocabulary and any(
                self.value_of(e, key) in kinds for e in _linked(self.value_of, focus, field) if e != focus
            ):
                return field
        return None

    def _fields(
        self, q: _Question, reading: Reading, has_subject: bool, asks: str | None = None
    ) -> tuple[list[str], list[str], list[str]]:
        """Fields asked, the parts of them asked, and the fields only an ambiguous word asked (left out when empty).

        A field phrase counts unless a condition used it; about a named entry, conditions matter only to yes/no
        questions, so there every field phrase counts ("which university did the Corvid paper come from")."""
        fields: list[str] = []
        loose: list[str] = []
        parts: list[str] = []
        units: list[str] = []
        order = list(self.p.fields)
        entry_ends = {
            sp.end for sp in q.spans
            if sp.has("entry") and not q.toks[sp.end - 1].possessive and not sp.g("ref", "refs", "pair")
        }  # fmt: skip
        yesno = q.toks[_opening(q.toks)].low in _YESNO_START
        covered = q.covered()

        def has_subject_field_word(span: Span) -> bool:
            return span.end - span.start > 1  # a phrase ("model size") is the field itself

        for k, span in enumerate(q.spans):
            if k in reading.category_spans and not has_subject:
                continue
            if k in reading.used and (not has_subject or yesno or span.has("entry")):
                continue
            senses = sorted(dict.fromkeys(s.a for s in span.of("field")), key=order.index)
            one_weak_word = span.end - span.start == 1 and q.toks[span.start].low in WEAK_RELATIONS
            if not senses and has_subject and k not in reading.used and span.of("relation") and not one_weak_word:
                senses = [span.of("relation")[0].a]  # "what is the Corvid data licensed under?"
            before = q.toks[span.start - 1] if span.start else None
            compound = (
                before is not None and span.start - 1 not in covered and before.low.isalpha()
                and not common_word(before.low, 5.0) and before.end + 1 >= q.toks[span.start].start
            )  # fmt: skip
            if senses and compound and not has_subject_field_word(span):
                continue  # "sliding window size": a size of something else
            if senses and span.start in entry_ends and span.has("noun") and len(q.spans) > 2:
                continue  # "the Corvid paper", "the Wren dataset": a noun naming the entry, not a field asked
            if senses and self._value_of_other_field_after(q, k, senses):
                continue  # "what does Wren change on top of Acme-PO": a method named, not the base model asked
            if senses:
                fields.append(senses[0])
                if len(senses) > 1:
                    fields += senses[1:]
                    loose += senses
            elif span.has("unit") and span.number is None:
                units += [s.a for s in span.of("unit")]
            parts += [s.b for s in span.of("part")]
        # "Corvid instruction pairs?" asks its amount; "what are the preference trees in Corvid?", "what did Corvid
        # add to the instructions?" ask what they are: a thing counted, with no number, "how many" or amount word,
        # in a question opened by what or why asks for the entry's text, not its amount
        opener = q.toks[_opening(q.toks)].low
        # ("which has the most sequences?", "what has more samples, A or B?": the amounts ranked or compared)
        ranks = any(sp.has("adj") for sp in q.spans) or q.any_g("compare", "which_one", "or")
        if not fields and has_subject and (ranks or opener not in ("what", "why", "whats")):
            fields = units
        # "how big is the Wren dataset": the noun says which size
        measures = [self.p.nouns[int(s.a)].measure for sp in q.spans for s in sp.of("noun")]
        chosen = [m for m in measures if m in loose]
        if chosen:
            # ("how many datasets … and how big was the model": each noun says which size of its own clause)
            fields = [f for f in fields if f not in loose or f in chosen]
            loose = []
        part_fields = {s.a for sp in q.spans for s in sp.of("part")}
        if parts and not fields and len(part_fields) == 1 and asks is None:
            fields.append(next(iter(part_fields)))
        parts = [p for p in parts if any(f in part_fields for f in fields)]
        fields = list(dict.fromkeys(fields))
        return fields, list(dict.fromkeys(parts)), [f for f in dict.fromkeys(loose) if f in fields]

    def _other_version(self, text: str, toks: Sequence[Token], rng: tuple[int, int]) -> bool:
        """Whether an unknown name is another version of a name of the review written as one word ("wren3" beside
        the entry's "wren2"): a sibling the review does not have, asked about."""
        key = name_key(text[toks[rng[0]].start : toks[rng[1] - 1].end])
        stem = key.rstrip("0123456789")
        if not stem or stem == key or len(stem) < 3:
            return False
        return any(k != key and k.rstrip("0123456789") == stem and k != stem for k in self.lex.names.table)

    def _value_of_other_field_after(self, q: _Question, k: int, fields: list[str]) -> bool:
        """Whether the words after a field phrase name a value that only other fields' vocabularies hold ("on top of
        Acme-PO", a method, after a relation word of a field of references), so that the phrase relates to that value,
        not the field."""
        at = q.spans[k].end
        while at < len(q.toks) and q.toks[at].low in ("the", "a", "an"):
            at += 1
        nxt = next((sp for sp in q.spans if sp.start == at), None)
        if nxt is None:
            return False
        if nxt.has("entry"):  # an entry that no entry holds in these fields ("on top of Corvid", a method's paper)
            named = {s.a for s in nxt.of("entry")}
            refs = [f for f in fields if self.p.fields[f].type == "refs"]
            subject_before = any(sp.has("entry") and sp.end <= q.spans[k].start for sp in q.spans)
            return (
                bool(refs)
                and subject_before
                and not any(
                    f"entry:{rid}" in (self.value_of(holder, f"@canon:{f}") or ())
                    for rid in named
                    for holder in self.lex.ids
                    for f in refs
                )
            )
        if not nxt.has("value"):
            return False
        vocabs = {self.p.fields[f].vocabulary for f in fields if self.p.fields[f].vocabulary}
        return bool(vocabs) and not vocabs & {s.a for s in nxt.of("value")}

    # ---- the operation -------------------------------------------------------------------------------------------
    def _operation(
        self, q: _Question, conv: Conversation, reading: Reading, base: Query, head: Span | None, set_frame: bool
    ) -> Query:
        subjects = list(base.subjects)
        named_fields = self._categories_as_fields(q, reading)
        last = conv.last
        about_one = len(conv.focus) == 1 and last is not None and last.op in ("describe", "lookup", "text", "verify")
        definite = self._categories_as_fields(q, reading, about_one) if about_one and not subjects else []
        only_kinds = all(a.field == self.p.category_field for a in atoms(base.where))
        asked = q.toks[_opening(q.toks)].low in ("what", "which", "whats")  # (not "list the base models")
        if definite and asked and only_kinds and base.within is None and len(q.uncovered(5.5)) <= 1:
            # "what were the base models?" right after an entry: that entry's, not the kind of that name
            return base.with_(op="lookup", subjects=conv.focus, fields=tuple(definite), where=None, follow_up=True)
        they = q.any_g("refs") and base.within is not None and 0 < len(base.within) <= MAX_FOLLOWED
        if named_fields and they and base.where is None and len(q.uncovered(5.5)) <= 1:
            # "what base model did they fine-tune?" after a short list: the field of each entry listed
            fields = tuple(dict.fromkeys((*named_fields, *base.fields)))
            return base.with_(op="lookup", subjects=base.within, within=None, fields=fields, follow_up=True)
        named_first = bool(q.spans) and q.spans[0].has("entry") and q.spans[0].start == 0
        # "is Falbo …?", or "Falbo — is it …?" with the name put first
        yesno = q.toks[_opening(q.toks)].low in _YESNO_START or (
            named_first and q.spans[0].end < len(q.toks) and q.toks[q.spans[0].end].low in _YESNO_START
        )
        # "and the follow-up, Falbo 2 - is that one usable commercially?": the question after a dash or comma
        yesno = yesno or _YESNO_AFTER_BREAK.search(q.text) is not None
        # "how many times smaller than Wren is it?": the comparison the claim would make, stated with its factor
        yesno = yesno or (_FACTOR.match(q.text) is not None and bool(subjects) and base.where is not None)
        rank = self._rank(q, reading)
        comparative = self._comparative(q, reading)
        count = (
            any(sp.g("count") and not self._noun_of_field(q, sp) for sp in q.spans)
            and (head is not None or base.within is not None)
            and not (subjects and any(sp.has("unit") or sp.has("field") for sp in q.spans))
            and not self._counts_a_field(q)
        )
        where = base.where
        if rank is not None and where is not None and _numeric_on(where, rank.field):
            # "models that stay under 1B params even at their largest size": the superlative says which value counts
            where = _with_agg(where, rank.field, "max" if rank.descending else "min")
            rank = None
            base = base.with_(where=where)
        if rank is not None and rank.agg == "count":
            # "the most base models": the words name the field counted, not a category
            counted = [
                a for k, a in reading.category_at.items() if any(s.a == rank.field for s in q.spans[k].of("field"))
            ]
            reading.categories = [c for c in reading.categories if c not in counted]
        if reading.categories and (set_frame or rank or count or base.within is not None or (where and not subjects)):
            # "among the datasets and benchmarks": categories named together are one set, their union
            cats = reading.categories
            union = len(cats) > 1 and reading.categories_joined and not _repeats(cats)
            merged: list[Cond] = [_union(cats)] if union else cats
            where = flatten_and([*merged, *([where] if where else [])])
        if where is not None:
            where = self._exclusive(_consistent(where))
        base = base.with_(where=where)
        # several entries compared, with a verdict when the question asks which is more or less
        compared = list(dict.fromkeys([*subjects, *reading.relative]))
        asks_which = q.any_g("compare", "which_one", "pair") or (q.any_g("or") and len(compared) >= 2)
        if len(compared) >= 2 and q.any_g("elapsed") and self.p.date_field and base.within is None:
            # "how much time passed between Falbo and Wren?": their dates, in order, and the time between them
            # the first named leads the answer: "was Falbo before or after Wren?" -> "Falbo came out after Wren …"
            first, second = (str(self.value_of(r, self.p.date_field) or "") for r in compared[:2])
            when = Rank(self.p.date_field, descending=bool(first and second) and first > second)
            return base.with_(op="compare", subjects=tuple(compared), rank=when, where=None)
        if len(compared) >= 2 and (comparative or rank) and asks_which and base.within is None:
            measure = _same_measure(comparative or rank, conv, compared)  # type: ignore[arg-type]
            return base.with_(op="compare", subjects=tuple(compared), rank=measure, where=None)
        named = any(
            sp.has("entry") and not sp.g("pair", "refs", "ref") and reading.roles.get(k) != "value"
            for k, sp in enumerate(q.spans)
        )  # (a name the conditions hold as a value, "fine-tuned from Falbo", is not one of the entries asked about)
        if len(subjects) >= 2 and q.any_g("pair") and not named and not (comparative or rank or q.any_g("compare")):
            if where is not None and yesno:
                return base.with_(op="verify")  # "were both fine-tuned from Falbo?": of each, and of the two
            # "which of the two also released Chinese data?": the one of the two that the words pick
            if where is not None:
                return base.with_(op="list", subjects=(), within=tuple(subjects))
            if self._describes(q):
                return base.with_(op="search", subjects=(), within=tuple(subjects), where=None)
        if len(subjects) >= 2 and where is not None and asks_which and not (comparative or rank or q.any_g("compare")):
            # "of Falbo, Wren and Corvid, which used under 20K examples?": the condition picks among those named
            return base.with_(op="list", subjects=(), within=tuple(subjects))
        lows = [t.low for t in q.toks]
        # ("how did A and B do?", but "how many tasks do A and B have?" asks an amount)
        fared = lows[:1] == ["how"] and lows[1:2] != [] and lows[1] not in _HOW_FIELDS
        fared = fared and bool({"do", "fare", "fared", "perform", "performed", "stack"} & set(lows[2:]))
        if fared and len(subjects) >= 2 and not (comparative or rank):
            # "how did Falbo do against zero-shot Wren?": a result the first one's text reports
            return base.with_(op="text", subjects=tuple(subjects[:1]), where=None)
        than = "than" in (t.low for t in q.toks)
        more_than = comparative is not None and than and not q.any_g("why")  # (not "how does A get more … than B")
        differ = asks_difference(q.toks)  # "the difference in X between …"
        if len(subjects) >= 2 and (q.any_g("compare") or asks_which or q.any_g("or") or more_than or differ):
            # ("how many more tasks does Falbo have than Wren?": the two compared, with the difference)
            claim = yesno and more_than and len(subjects) == 2 and not _EITHER_WAY.search(q.text)
            return base.with_(op="compare", rank=comparative or rank, where=None, yes_no=claim)
        tally = self._tally(q, reading, base, rank)
        if tally is not None:
            return tally
        if base.within is not None:
            if yesno and where is not None and q.any_g("pair") and len(base.within) <= 3:
                # "were both fine-tuned from Falbo?": of each, and of all of them
                return base.with_(op="verify", subjects=base.within, within=None)
            if yesno and where is not None and q.any_g("refs") and len(base.within) <= MAX_FOLLOWED:
                # "are those usable commercially?" after a short list: of each of them
                return base.with_(op="verify", subjects=base.within, within=None)
            if rank is None and comparative is None and q.any_g("which_one"):
                rank = self._rank(q, reading, elliptical=True)  # "which is the newest?" after a list: among it
            if (comparative or rank) and len(base.within) == 2 and not where:
                return base.with_(op="compare", subjects=base.within, rank=comparative or rank, within=None)
            if where is None and not (comparative or rank or count) and self._describes(q):
                # "which of them is multilingual?": no condition read, the description picks among them (one, when
                # one is asked for)
                return base.with_(op="search", pick=self._asks_one(q))
            if where is not None and self._asks_one(q) and not (comparative or rank or count):
                # "which of them is a volunteer-written dataset?": one of them, the best match for the words (the
                # conditions read favour it)
                return base.with_(op="search")
            loose = where is not None and all(a.values and str(a.values[0]).startswith("w:") for a in atoms(where))
            if loose and q.any_g("which_one") and not (comparative or rank or count):
                # "which one does Quill search when building alignments?": words of stored texts only; the
                # description picks one of them
                return base.with_(op="search")
            return base.with_(op="count" if count else ("rank" if rank else "list"), rank=rank)
        if subjects and len(subjects) >= 2 and rank is not None and rank.limit == 0:
            # "put Falbo, Wren and Corvid in release order": the entries named, ordered
            return base.with_(op="rank", subjects=(), within=tuple(subjects), rank=rank, where=None, follow_up=False)
        if q.toks[0].low == "and" or q.any_g("about"):
            # "which models use Falbo?" then "and Wren?": the same list, of the one named now
            again_of = self._same_question_of(q, conv)
            if again_of is not None:
                return again_of
            other_part = self._other_part(q, conv) or self._other_size(q, conv)
            if other_part is not None:
                return other_part
        if subjects:
            return self._about(q, conv, base, yesno)
        if self._picks_one(q, conv) and where is None and rank is None and comparative is None:
            # "ok, the one that takes alignments as input" after a list: that list's best match for the description
            return base.with_(op="search", within=conv.results, follow_up=True)
        if rank is None and comparative is None and not subjects and where is None:
            comparative = self._comparative_of_last(q, conv)
        if comparative is not None and len(conv.focus) == 1 and len(conv.recent) >= 2 and q.any_g("which_one"):
            # "which one saw more?" after two entries were asked about in turn: those two
            conv = replace(conv, focus=conv.recent[:2])
        if (rank or comparative) and where is None and len(conv.focus) >= 2 and not reading.categories:
            # "which is the largest?" after a question about several entries: those entries
            if rank is None or rank.limit == 1:
                return base.with_(op="compare", subjects=conv.focus, rank=rank or comparative, follow_up=True)
            return base.with_(op="rank", within=conv.focus, rank=rank, follow_up=True)
        # nothing named: a field asked right after an entry was discussed is about that entry
        # "which of those is the oldest?" then "and the newest?": the same entries, ranked the other way; also after
        # a question about the entry found ("the earliest base model?", "who built it?", "and the latest one?")
        elliptical = q.toks[0].low == "and" or q.any_g("about")
        prior = last if last is not None and last.op == "rank" else (conv.last_set if elliptical else None)
        if where is None and prior is not None and prior.op == "rank" and conv.results and not subjects:
            again = rank or self._rank(q, reading, elliptical=True)
            if again is not None:
                if prior.within is None and prior.where is not None:
                    return base.with_(op="rank", where=prior.where, rank=again, follow_up=True)
                return base.with_(op="rank", within=prior.within or conv.results, rank=again, follow_up=True)
        about_one = len(conv.focus) == 1 and conv.last is not None and conv.last.op in ("describe", "lookup", "text")
        continued = len(q.toks) > 1 and q.toks[0].low in _PREPOSITIONS | {"alongside", "against", "besides", "at"}
        if about_one and continued and q.toks[1].low in ("which", "what", "how", "whom") and where is None:
            # "when was it introduced?" then "alongside which model?": the last question, continued; its text answers
            assert conv.last is not None
            return base.with_(
                op="text", subjects=conv.focus[:1], question=f"{conv.last.question} {q.text}", follow_up=True
            )
        follow = self._follow_up(q, conv, reading, base, set_frame)
        if follow is not None:
            return follow
        noun_or_category = any(
            (sp.has("noun") and q.words(sp) not in ("one", "ones", "the one")) or sp.has("category") for sp in q.spans
        )
        if (rank or comparative) and not noun_or_category and where is None and (conv.results or conv.focus):
            if _after_set(conv, "tally"):
                # "which one is newer?" after a list: its entries compared, or ranked when there are many
                if len(conv.results) <= 5 and (comparative or rank) and not rank:
                    return base.with_(op="compare", subjects=conv.results, rank=comparative, follow_up=True)
                return base.with_(op="rank", within=conv.results, rank=rank or comparative, follow_up=True)
            if conv.focus and rank is not None:
                # "what's the largest one?" about one entry: its own largest value
                return base.with_(op="lookup", subjects=conv.focus[:1], fields=(rank.field,), follow_up=True)
        if rank is not None:
            return base.with_(op="rank", rank=rank)
        if comparative is not None and where is not None and q.any_g("which_one", "pair"):
            # "of the two benchmarks, which one is more recent?": the one of the set that leads on the measure
            return base.with_(op="rank", rank=comparative)
        if count:
            return base.with_(op="count")
        # "is there a model tuned on Acme outputs that …?", "are there any …": whether any entry meets the
        # conditions, answered with those that do
        exists = len(q.toks) > 2 and _is_there(q.toks, 0)
        if exists and where is not None:
            return base.with_(op="list")
        if set_frame or (where is not None and self._asks_for_set(q)):
            everything = _asks_all(q) or "else" in (t.low for t in q.toks)  # "what else …": all of them
            if (self._singular_description(q, head) or self._described(q, head)) and not everything:
                return base.with_(op="search")  # (but "… what are my options?" asks for all that fit)
            if where is None and not reading.categories and q.uncovered(5.0) and not everything:
                # "the suite of 16 models all trained on the same data …": nothing read narrows the set, and
                # words no phrase explains describe one entry; a list of every entry would answer nothing
                return base.with_(op="search")
            return base.with_(op="list")
        about_one = len(conv.focus) == 1 and conv.last is not None and conv.last.op in ("describe", "lookup", "text")
        bare = all(sp.has("part") or all(s.kind == "g" for s in sp.senses) for sp in q.spans)
        if about_one and where is None and bare and q.any_g("count") and not q.uncovered(5.0):
            # "how many checkpoints are there?" right after one entry: a count its text states
            return base.with_(op="text", subjects=conv.focus[:1], follow_up=True)
        return base.with_(op="search")

    def _exclusive(self, cond: Cond) -> Cond:
        """ "datasets and benchmarks": values of a field that holds one value per entry, joined by "and", mean
        either (no entry is both), so they merge into one condition."""
        if isinstance(cond, Not):
            return Not(self._exclusive(cond.item))
        if isinstance(cond, Or):
            return Or(tuple(self._exclusive(c) for c in cond.items))
        if not isinstance(cond, And):
            return cond
        items = [self._exclusive(c) for c in cond.items]
        single = {
            k
            for k, spec in self.p.fields.items()
            if spec.type == "category" or (spec.type == "enum" and not spec.multiple)
        }
        merged: list[Cond] = []
        for item in items:
            prev = next(
                (i for i, m in enumerate(merged) if isinstance(m, Atom) and isinstance(item, Atom)
                 and m.field == item.field and m.op == item.op == "eq" and item.field in single),
                None,
            )  # fmt: skip
            if prev is None:
                merged.append(item)
                continue
            old = merged[prev]
            assert isinstance(old, Atom) and isinstance(item, Atom)
            if set(old.values) & set(item.values):
                # "training sets for general assistants": the narrower of the two
                merged[prev] = min((old, item), key=lambda a: len(a.values))
                continue
            values = tuple(dict.fromkeys([*old.values, *item.values]))
            merged[prev] = Atom(old.field, "eq", values, f"{old.label} or {item.label}")
        return merged[0] if len(merged) == 1 else And(tuple(merged))

    def _comparative_of_last(self, q: _Question, conv: Conversation) -> Rank | None:
        """ "which one saw more?", "and which is bigger?": a bare comparative about the numeric field asked last."""
        words = {t.low for t in q.toks}
        if not words & _MORE or any(sp.has("field") or sp.has("unit") for sp in q.spans):
            return None
        numeric = self.p.fields_of("quantity", "sizes", "date")
        key = next((f for f in conv.fields if f in numeric), None)
        if key is None:
            return None
        fewer = bool(words & {"fewer", "less", "smaller", "fewest", "least", "smallest"})
        return _same_measure(Rank(key, not fewer, "min" if fewer else "max", 1), conv, conv.focus)

    def _describes(self, q: _Question) -> bool:
        """Whether words of the question beyond its grammar and references describe something ("which of them is
        multilingual"), so that a search among the entries referred to can pick."""
        structural = [sp for sp in q.spans if not (sp.has("noun") or sp.g("why", "text"))]
        covered = {i for sp in structural for i in range(sp.start, sp.end)}
        rest = [t.low for i, t in enumerate(q.toks) if i not in covered and t.low.isalpha()]
        return any(not common_word(w, 5.5) for w in rest)

    def _picks_one(self, q: _Question, conv: Conversation) -> bool:
        """ "the one that …", "which one uses …" right after a list: one of its entries, described."""
        last = conv.last
        if not conv.results or len(conv.results) < 2 or last is None or last.op not in ("list", "count", "rank"):
            return False
        for span in q.spans:
            if span.g("one") and span.start <= 3 and q.toks[span.end - 1].low == "one":
                after = q.toks[span.end].low if span.end < len(q.toks) else ""
                return after in ("that", "which", "who", "with", "where", "whose", "using", "trained", "from")
        return False

    def _counts_something_else(self, q: _Question) -> bool:
        """ "how many checkpoints were released", "how many DMS assays": a count of something no field records; the
        entry's text may say."""
        covered = {i: sp for sp in q.spans for i in range(sp.start, sp.end)}
        for span in q.spans:
            if span.g("count") and span.end < len(q.toks):
                word = q.toks[span.end]
                after = covered.get(span.end)
                asked = after is not None and any(s.kind in ("field", "unit", "noun", "category") for s in after.senses)
                if asked and after is not None and after.has("unit") and after.end < len(q.toks):
                    # "how many task types": a unit word in the singular before a plural noun of its own counts
                    # that noun, not the unit
                    last, nxt = q.toks[after.end - 1], q.toks[after.end]
                    return (
                        last.low == last.stem and after.end not in covered and nxt.low.isalpha() and nxt.low != nxt.stem
                    )
                return not asked and word.low.isalpha() and not common_word(word.low, 6.0)
        return False

    def _values_counted(self, q: _Question) -> tuple[str, str] | None:
        """ "how many organizations are behind Corvid?", "how many sizes does it come in?": a count word before a
        plural field phrase of a field holding a list (not a unit: "how many parameters" asks an amount) counts the
        entry's values of that field. (field, the words naming it)."""
        for k, span in enumerate(q.spans[:-1]):
            nxt = q.spans[k + 1]
            if not span.g("count") or nxt.start - span.end > 1 or nxt.has("unit") or nxt.has("entry"):
                continue
            last = q.toks[nxt.end - 1]
            listed = [s.a for s in nxt.of("field") if self.p.fields[s.a].type in ("names", "refs", "sizes")]
            if listed and last.low != last.stem:
                return listed[0], q.words(nxt).lower()
        return None

    def _noun_of_field(self, q: _Question, span: Span) -> bool:
        """ "a disclosed training-token count": "count" after a field's word names that field, it asks no count."""
        k = q.spans.index(span)
        before = q.spans[k - 1] if k else None
        last = q.toks[span.end - 1].low
        return (
            last in ("count", "counts", "number", "total", "amount")
            and before is not None
            and before.end == span.start
            and (before.has("field") or before.has("unit"))
        )

    def _counts_a_field(self, q: _Question) -> bool:
        """ "how many dialogues did they collect": a count word followed by a unit asks for an amount, not for how
        many entries."""
        for k, span in enumerate(q.spans[:-1]):
            nxt = q.spans[k + 1]
            close = nxt.start - span.end <= 1 and not (nxt.has("noun") or nxt.has("category"))
            if span.g("count") and close and (nxt.has("unit") or nxt.has("field")):
                return True
        return False

    def _asks_for_set(self, q: _Question) -> bool:
        """Conditions alone make a list when the rest of the question is only grammar ("released in 2022", "from
        Acme?", "what came out after Corvid?") or it starts as a request; a yes/no question or one with more words
        of its own ("who won the 2018 world cup") is searched instead."""
        first = q.toks[0].low
        second = q.toks[1].low if len(q.toks) > 1 else ""
        if q.any_g("options"):
            return True  # "… what are my options?"
        if first in _YESNO_START and second in ("there", "anything", "any", "anyone", "something"):
            return True  # "is there a model that was fine-tuned from Corvid?", "was anything fine-tuned from it?"
        if first in ("how", "why") and not q.any_g("count"):
            return False  # "how long did Acme's 7B model take to train?": about one entry described
        if first in _YESNO_START and first not in ("are",):
            return False
        if first in (
            "which",
            "list",
            "show",
            "enumerate",
            "name",
            "give",
            "find",
            "any",
            "all",
            "every",
            "anything",
            "everything",
            "something",
            "entries",
            "works",
        ):
            return True
        return len(q.uncovered(5.9)) < 2

    def _amount_referred(self, q: _Question, conv: Conversation) -> str | None:
        """ "is that more than Wren used?" right after an amount was answered: "that" is the amount, and the
        comparison is on its field (when the question names no field or unit of its own)."""
        numeric = self.p.fields_of("quantity", "sizes")
        said = [f for f in conv.fields if f in numeric]
        that = any(sp.g("ref") and q.words(sp).lower() in ("that", "this") for sp in q.spans)
        named = any(sp.has("field") or sp.has("unit") for sp in q.spans)
        return said[0] if said and that and not named else None

    def _yes_no_comparison(self, base: Query, amount: str | None = None) -> Query | None:
        """ "Is Falbo bigger than Wren?", "did Corvid come out before Wren?": one entry compared with another on one
        field (``amount``, when "that" refers to an amount just answered), answered with a verdict rather than as a
        condition."""
        found = atoms(base.where)
        other = [a.values[0] for a in found if a.field == "@id" and len(a.values) == 1]
        numeric = [
            a for a in found if a.op in ("gt", "lt") and a.field in self.p.fields_of("quantity", "sizes", "date")
        ]
        if len(base.subjects) != 1 or len(other) != 1 or len(numeric) != 1:
            return None
        atom = numeric[0]
        field, units = (amount, ()) if amount and atom.field != amount else (atom.field, atom.units)
        rank = Rank(field, atom.op == "gt", "max", 1, units)  # two entries compare at their largest
        return base.with_(op="compare", subjects=(base.subjects[0], str(other[0])), rank=rank, where=None, yes_no=True)

    def _about(self, q: _Question, conv: Conversation, base: Query, yesno: bool) -> Query:
        """Questions about named or referred-to entries."""
        fields = list(base.fields)
        # "who released its base model?": follow a reference field to the entries it names
        chained = self._chain(q, base, fields)
        if chained is not None:
            return chained
        first_named = min((sp.start for sp in q.spans if sp.has("entry")), default=len(q.toks))
        found = any(sp.g("finding") and sp.start > first_named for sp in q.spans)  # "what did Falbo show about …"
        how_about = any(sp.start == 0 and sp.g("about") for sp in q.spans)  # "how about Wren?": no "how" question
        # ("explain how the Falbo dialogues were made": "how" after a word of telling opens the question)
        h = next((i for i, t in enumerate(q.toks[:4]) if t.low == "how"), -1)
        opens_how = h == 0 or (h > 0 and all(t.low in _TELLING for t in q.toks[:h]))
        strong_text = q.any_g("why") or found or self._counts_something_else(q) or (
            opens_how and len(q.toks) > h + 1 and q.toks[h + 1].low not in _HOW_FIELDS and not how_about
            and not any(sp.start == h + 1 and (sp.has("field") or sp.has("unit")) for sp in q.spans)
        )  # fmt: skip
        last = conv.last
        own = self._own_extreme(q, base.subjects) if base.where is None else None
        if own is not None:
            # "how small is the smallest Falbo checkpoint?", "Wren's largest model": one of the entry's own values
            asked = [own.field, *(f for f in fields if f != own.field and self.p.fields[f].type != "sizes")]
            return base.with_(op="lookup", fields=tuple(asked), loose=(), rank=own)
        rank = self._rank(q, Reading())
        if rank is not None and rank.field not in fields:
            fields.append(rank.field)  # "what's the biggest OPT model": the entry's own sizes
            base = base.with_(fields=tuple(fields))
        if yesno and base.where is not None:
            choice = _choice_field(base.where)
            if choice is not None and len(base.subjects) == 1:
                # "is it encoder-only, decoder-only or something else?", "was it trained on A or B?": which one
                return base.with_(op="lookup", fields=(choice,), where=None)
            compared = self._yes_no_comparison(base, self._amount_referred(q, conv))
            if compared is not None and (_EITHER_WAY.search(q.text) or _FACTOR.match(q.text)):
                # "was Falbo trained on more or fewer tokens than Wren?": which way, not yes or no
                compared = compared.with_(yes_no=False)
            return compared if compared is not None else base.with_(op="verify")
        factual = [f for f in fields if self.p.fields[f].type != "text"]
        if strong_text and not (yesno and factual):  # ("can I use it in a commercial pipeline?": its field)
            if last is not None and not fields and self._bare_why(q) and last.op in ("lookup", "verify", "text"):
                # "why is that?" after "can I use it commercially?": the reason for what was just answered
                return base.with_(op="text", question=f"{last.question} {base.question}", follow_up=True)
            return base.with_(op="text")
        # "and Wren?", "what about it?" (not "and which model builds on it?", a question of its own)
        continues = (q.any_g("about") or q.toks[0].low == "and") and not {t.low for t in q.toks} & {"which", "who"}
        # "is that the same for Wren?": the question just answered, of the entry named now
        continues = continues or (q.any_g("same") and "for" in {t.low for t in q.toks})
        last = conv.last
        named_parts = [s.b for sp in q.spans for s in sp.of("part") if s.a in conv.fields]
        if continues and named_parts:
            # "and its weights?" after its data license: that part of the same field, not a field it also names
            fields = []
            base = base.with_(parts=tuple(dict.fromkeys(named_parts)))
        if not fields and continues and last is not None and last.op == "verify" and last.where is not None:
            # "is Falbo usable commercially?" then "what about Wren?": the same question of the entry named now
            return base.with_(op="verify", where=last.where, follow_up=True)
        if not fields and continues and last is not None and last.op == "text" and not conv.fields:
            # "does it need MSAs?" then "what about Wren, same deal?": the same question of the entry named now
            return base.with_(op="text", question=f"{last.question} {base.question}", follow_up=True)
        if not fields and not named_parts and conv.fields and continues and last is not None and last.op == "lookup":
            # "when was its data released?" then "and the paper?": the field named by the noun and a word of the
            # field just asked ("paper date"), when the review has one
            fields = self._field_of_noun_and(q, conv.fields)
            if fields:
                return base.with_(op="lookup", fields=tuple(fields), follow_up=True)
        if (
            not fields
            and conv.fields
            and continues
            and last is not None
            and last.op in ("lookup", "text", "compare", "verify")
        ):
            op = "text" if last.op == "text" else "lookup"
            # ("and Wren's weights?" after the data license of Falbo: the part named now)
            parts = [p for p in base.parts if any(p in self.p.fields[f].parts for f in conv.fields)] or last.parts
            return base.with_(op=op, fields=conv.fields, parts=tuple(parts), follow_up=True)
        if fields:
            # "what hypothesis does it support, and with how many examples?": a field, and words no field explains
            return base.with_(op="lookup", text_also=tuple(t.stem for t in q.uncovered(TEXT_ALSO_RARITY)))
        if q.any_g("text") and not q.any_g("tell") and len(q.uncovered(5.0)) >= 1:
            return base.with_(op="text")
        # "what's the user threshold in it?": words no field explains, asked of the entry rather than about it
        tells = [k for k, sp in enumerate(q.spans) if sp.g("tell")]
        named_next = bool(tells) and tells[0] + 1 < len(q.spans) and q.spans[tells[0] + 1].has("entry")
        if tells and not named_next and len(q.uncovered(5.0)) >= 1:
            return base.with_(op="text")
        return base.with_(op="describe")

    def _modifies_other_noun(self, q: _Question, span: Span) -> bool:
        """Whether a word of a kind stands right before a noun that is no word of the review's ("the reasoning
        traces"), so that it describes that noun."""
        at = span.end
        if at >= len(q.toks) or not q.toks[at].text.isalpha() or common_word(q.toks[at].low, 6.0):
            return False
        nxt = next((sp for sp in q.spans if sp.start <= at < sp.end), None)
        return nxt is None or all(s.kind == "word" for s in nxt.senses)

    def _unclear_too(self, cond: Cond) -> Cond:
        """ "not clearly usable commercially": a negated value of a field with a value meaning "not known" also
        holds for entries recorded with that value (not known to be usable is not clearly usable)."""
        if isinstance(cond, And | Or):
            items = tuple(self._unclear_too(c) for c in cond.items)
            return And(items) if isinstance(cond, And) else Or(items)
        if not isinstance(cond, Not):
            return cond
        keys = {a.field for a in atoms(cond.item)}
        spec = self.p.fields.get(next(iter(keys))) if len(keys) == 1 else None
        unknown = [v for v in spec.values if v.unknown] if spec is not None else []
        if spec is None or not unknown:
            return cond
        key = next(iter(keys))
        template = spec.condition or self.p.label(key).lower() + " {value}"
        shown = " or ".join(v.label or v.value for v in unknown)
        return Or((cond, Atom(key, "has", tuple(v.value for v in unknown), template.format(value=shown))))

    def _field_of_noun_and(self, q: _Question, asked: tuple[str, ...]) -> list[str]:
        """Fields other than ``asked`` that a noun of the question and a word of a field asked make together."""
        nouns = [q.toks[sp.end - 1].stem for sp in q.spans if sp.has("noun")]
        found: list[str] = []
        for noun in nouns:
            for key in asked:
                for phrase in self.p.fields[key].words:
                    words = [stem(w) for w in phrase.lower().split()]
                    for sense in self.lex.senses(noun, *words) + self.lex.senses(*words, "of", "the", noun):
                        if sense.kind == "field" and sense.a not in asked and sense.a not in found:
                            found.append(sense.a)
        return found

    def _own_extreme(self, q: _Question, subjects: tuple[str, ...]) -> Rank | None:
        """ "the smallest Falbo model", "Wren's largest checkpoint": a superlative of a size list joined to the name
        of the one entry asked about picks one of that entry's own values (when it records several)."""
        if len(subjects) != 1:
            return None
        for k, span in enumerate(q.spans):
            words = set(q.words(span).split())
            if not words & (_DESCENDING | _ASCENDING) or not span.has("adj"):
                continue
            after = q.spans[k + 1] if k + 1 < len(q.spans) else None
            before = q.spans[k - 1] if k else None
            joined = (after is not None and after.start == span.end and after.has("entry", subjects[0])) or (
                before is not None
                and before.end == span.start
                and before.has("entry", subjects[0])
                and q.toks[before.end - 1].possessive
            )
            # "what's its smallest model?"
            joined = joined or (before is not None and before.end == span.start and q.toks[before.start].low == "its")
            if not joined:
                # "the largest version of Falbo", "the smallest model of Wren"
                nouns = {i for sp in q.spans if sp.has("noun") for i in range(sp.start, sp.end)}
                i = span.end
                while i < len(q.toks) and (q.toks[i].low in OWN_VARIANTS | {"of", "the"} or i in nouns):
                    i += 1
                skipped = {t.low for t in q.toks[span.end : i]}
                joined = "of" in skipped and any(
                    sp.start == i and sp.has("entry", subjects[0]) and not sp.g("ref", "refs") for sp in q.spans
                )  # (not "the largest of those", which ranks them)
            if not joined:
                continue
            for sense in span.of("adj"):
                spec = self.p.fields[sense.a]
                if spec.type == "sizes" and len(numbers(spec, self.value_of(subjects[0], sense.a))) > 1:
                    descending = sense.b == "desc" if sense.b else bool(words & _DESCENDING)
                    return Rank(sense.a, descending, "max" if descending else "min")
        return None

    def _bare_why(self, q: _Question) -> bool:
        """ "why is that?", "how come?": a question for a reason that names nothing of its own."""
        named = any(
            sp.has(kind) and not sp.g("ref", "refs")
            for sp in q.spans
            for kind in ("entry", "field", "value", "category", "unit")
        )
        return q.toks[0].low in ("why", "how") and not named and not q.uncovered(5.0) and len(q.toks) <= 5

    def _chain(self, q: _Question, base: Query, fields: list[str]) -> Query | None:
        """ "who made its base model", "Corvid's base model's license": the entries a reference field names."""
        refs_fields = [f for f in fields if self.p.fields[f].type == "refs"]
        if not refs_fields or len(base.subjects) != 1:
            return None
        key = refs_fields[0]
        others = [f for f in fields if f != key]
        label_words = {w.lower() for w in re.findall(r"[A-Za-z]+", self.p.fields[key].label)}
        nominal = any(
            any(s.kind == "field" and s.a == key for s in sp.senses)
            and ({t.low for t in q.toks[sp.start : sp.end]} & label_words or sp.has("noun"))
            for sp in q.spans
        )
        if not nominal:
            return None  # "Corvid's fine-tuning mix": a verb of the field, not the entries it names
        # "its base model", "Corvid's base model", "the base model of Corvid"
        after_field = [sp.end for sp in q.spans if any(s.kind == "field" and s.a == key for s in sp.senses)]
        of_entry = any(
            end < len(q.toks)
            and q.toks[end].low == "of"
            and any(sp.start == end + 1 and sp.has("entry") for sp in q.spans)
            for end in after_field
        )
        possessive = of_entry or any(
            (sp.g("ref") and q.words(sp) in ("its", "their")) or (sp.has("entry") and q.toks[sp.end - 1].possessive)
            for sp in q.spans
        )
        describe = any(sp.g("tell") and q.words(sp) not in ("what", "what is", "what's", "who is", "what are")
                       for sp in q.spans)  # fmt: skip
        if not possessive or not (others or describe):
            return None
        linked = [e for s in base.subjects for e in _linked(self.value_of, s, key)]
        if not linked:
            return None
        name = self.value_of(base.subjects[0], "name")
        # as the entry writes it ("Falbo 13B"), which may say more than the linked entry's name
        written = self.value_of(base.subjects[0], key)
        shown = [str(v) for v in written] if isinstance(written, list) and written else []
        shown = shown or [self.value_of(e, "name") for e in linked]
        note = f"{self.p.label(key).lower()} of {name}: {', '.join(shown)}"
        op = "lookup" if others else "describe"
        return base.with_(
            op=op, subjects=tuple(linked[:1]), fields=tuple(others), notes=(*base.notes, note), follow_up=True
        )

    def _follow_up(
        self, q: _Question, conv: Conversation, reading: Reading, base: Query, set_frame: bool
    ) -> Query | None:
        if not conv.focus and not conv.results:
            return None
        last = conv.last
        if len(conv.focus) == 1 and last is not None and last.op in ("lookup", "verify", "text") and self._bare_why(q):
            # "why?" right after "can I use it commercially?": the reason for what was just answered, from its text
            said = (*last.fields, *self.p.stated_with(last.fields))
            return base.with_(op="text", subjects=conv.focus, fields=said,
                              question=f"{last.question} {base.question}", follow_up=True)  # fmt: skip
        first = q.toks[0].low
        starts_about = q.any_g("about") or first in ("and", "also", "now", "then", "so")
        opening = _opening(q.toks)
        yes_no = q.toks[opening].low in _YESNO_START
        about_one = last is not None and last.op in ("lookup", "describe", "text", "verify") and len(conv.focus) == 1
        second = q.toks[opening + 1].low if len(q.toks) > opening + 1 else ""
        names_it = (
            any(f"entry:{conv.focus[0]}" in map(str, a.values) for a in atoms(base.where)) if about_one else False
        )
        exists = second in ("there", "anything", "any", "anyone", "something")  # "was anything fine-tuned from it?"
        # ("can you recommend a good pizza place in Quillton?": words the review never uses ask about something else)
        strange = [t for t in q.uncovered(5.0) if t.low not in self.lex.corpus_words]
        # "were any models or code released?": whether the entry released them, not whether any entry did
        released = base.where is not None and all(a.op == "any" and a.values for a in atoms(base.where))
        if (
            yes_no
            and about_one
            and base.where is not None
            and not ((set_frame or exists) and not released)
            and not (reading.categories or names_it or strange)
        ):
            # "can the weights be used commercially?" right after an entry: whether it is so of that entry
            return base.with_(op="verify", subjects=conv.focus[:1], follow_up=True)
        # "how many prompts were used …": a quantity asked, not the last list counted
        measured = any((sp.has("unit") or sp.has("field")) and not sp.g("count") for sp in q.spans)
        bare_count = q.any_g("count") and not set_frame and not measured and len(q.uncovered(5.9)) == 0
        if bare_count and last is not None and last.op in ("list", "count") and conv.results:
            # "how many is that?": the last list's entries, counted
            return last.with_(question=base.question, op="count", follow_up=True)
        amount = [sp for sp in q.spans if sp.has("field")]
        if (
            last is not None
            and last.op == "compare"
            and last.rank is not None
            and len(amount) == 1
            and q.words(amount[0]) in ("how much", "how many")
            and not set_frame
            and len(q.uncovered(5.5)) == 0
        ):
            # "by how much?" after "which one was trained on more tokens?": the same comparison, with its difference
            return last.with_(question=base.question, follow_up=True, yes_no=False)
        narrowing = first in ("only", "just") or (first in ("but", "now") and q.toks[1:2] and q.toks[1].low == "only")
        if (
            base.where is not None
            and last is not None
            and last.op in ("list", "count", "rank")
            and (not set_frame or narrowing)
        ):
            # "what about before 2022?" after a list: the same question with that condition replaced
            if starts_about and not reading.categories:
                return last.with_(question=base.question, where=_replace(last.where, base.where), follow_up=True)
            # "drop the BigScience ones", "only those from 2023": the last answer's entries, narrowed
            if first in _REFINE_START or q.any_g("neg") or len(q.toks) <= 6:
                return last.with_(question=base.question, within=conv.results, where=base.where, follow_up=True,
                                  op="count" if last.op == "count" else "list")  # fmt: skip
        named_fields = self._categories_as_fields(q, reading)
        if named_fields and conv.focus and base.where is None and not set_frame and len(q.uncovered(5.5)) <= 1:
            # "what's the base model?" right after an entry: its field, not the category of that name
            return base.with_(op="lookup", subjects=conv.focus, fields=(*named_fields, *base.fields), follow_up=True)
        # ("who generated the reasoning traces?": a kind's word before a noun of no kind modifies it, it selects
        # no set)
        kinds = [sp for sp in q.spans if sp.has("category")]
        modifiers = bool(kinds) and all(self._modifies_other_noun(q, sp) for sp in kinds)
        bare = base.fields and base.where is None and (not reading.categories or modifiers) and not set_frame
        if bare and conv.focus and len(q.uncovered(5.5)) <= 1:
            return base.with_(op="lookup", subjects=conv.focus, follow_up=True)
        listed = last is not None and last.op in ("list", "rank", "count") and 0 < len(conv.results) <= MAX_FOLLOWED
        if bare and not conv.focus and listed and len(q.uncovered(5.5)) <= 1:
            # "under what license?" after a short list: the field of each entry listed
            return base.with_(op="lookup", subjects=conv.results, follow_up=True)
        return None

    def _value_asked_about(
        self, q: _Question, reading: Reading, subjects: list[str], set_frame: bool, fields: list[str]
    ) -> str | None:
        """The name of a thing the review records only as a value that a question asks a field of, as its subject
        ("what license does Quill use?", "Quill's sizes"), when nothing else is asked about: the review has no entry
        on it. Only for values of a vocabulary some of whose values are entries (models, not organisations), and not
        when a word of the value's own relation is there ("what data did Quill generate?")."""
        # "the Quill database": a singular noun right after the value is its own, not a set asked about
        own_nouns = {
            k for k in reading.category_spans
            if k and q.spans[k - 1].has("value") and q.spans[k - 1].end == q.spans[k].start
            and not self._plural(q, q.spans[k])
        }  # fmt: skip
        # "what is the context length of Quill?": something no field records, of a thing the review has as a value
        attribute = not fields and q.toks[0].low in ("what", "how") and not q.any_g("list", "count", "refs", "ref")
        if (
            subjects
            or set_frame
            or not (fields or attribute)
            or not reading.category_spans <= own_nouns
            or q.toks[0].low not in _QUESTION_START | {"how", "when", "where", "why"}
        ):
            return None
        where = reading.where
        if not isinstance(where, Atom) or where.field in fields:
            return None
        field = where.field
        if any(s.kind == "relation" and s.a == field for sp in q.spans for s in sp.senses):
            return None
        for span in q.spans:
            if not span.has("value") or span.has("entry"):
                continue
            if not any(s.a in self.lex.entity_vocabs for s in span.of("value")):
                continue  # "what has Acme released?": an organisation is no thing the review has entries on
            if not any(re.search(r"[A-Z0-9]", s.b) for s in span.of("value")):
                continue  # "the pedigree model's training set": a thing in general, not a name of one
            at = span.start - 1 if span.start < 2 or q.toks[span.start - 1].low != "the" else span.start - 2
            before = q.toks[at].low if span.start else ""  # "when was (the) Quill (database) released?"
            # ("what is the license of Quill?": the thing the question ends on, after "of")
            of = q.toks[0].low in ("what", "how") and span.end == len(q.toks) and q.toks[span.start - 1].low == "of"
            if before in AUXILIARIES or q.toks[span.end - 1].possessive or of:
                return q.text[q.toks[span.start].start : q.toks[span.end - 1].end].removesuffix("'s")
        return None

    def _categories_as_fields(self, q: _Question, reading: Reading, about_one: bool = False) -> list[str]:
        """The fields of category phrases that are also field phrases, each singular after "the" or a question word
        ("the base model", "which base model?") or owned ("its base models"), when every category read is one; empty
        otherwise. ``about_one``: the chat is about one entry, so "the base models" are that entry's too."""
        out: list[str] = []
        for k in reading.category_at:
            span = q.spans[k]
            keys = [s.a for s in span.of("field")]
            owner = q.toks[span.start - 1] if span.start else None
            before = owner.low if owner is not None else ""
            owned = owner is not None and (owner.possessive or before in ("its", "their"))
            plural = self._plural(q, span) and not owned and not (about_one and before == "the")
            if not keys or plural or (before not in ("the", "which", "what") and not owned):
                return []
            out.append(keys[0])
        return list(dict.fromkeys(out))

    def _singular_description(self, q: _Question, head: Span | None) -> bool:
        """ "which paper fine-tuned falbo on a thousand curated examples": one entry described, among a set."""
        if head is None or self._plural(q, head) or q.toks[0].low in ("list", "show", "enumerate"):
            return False
        return len(q.uncovered(5.0)) >= 1

    def _rank(self, q: _Question, reading: Reading, elliptical: bool = False) -> Rank | None:
        """A superlative ("the largest model", "the most tasks", "the earliest work", "top 3"), or an ordering asked
        for ("rank them by parameter count, biggest first")."""
        ordered = self._ordering(q)
        if ordered is not None:
            return ordered
        for k, span in enumerate(q.spans):
            if k in reading.used or self._modifies_name(q, k):
                continue
            words = q.words(span).split()
            if not any(w in _SUPERLATIVE or w.endswith("est") for w in words):
                continue
            if span.g("ge", "le") and not span.of("adj"):
                continue  # "at least 7B", "at most that many": a bound, not a superlative
            counted = self._counted_field(q, k)
            if counted is not None:  # "the largest number of different sizes": how many values
                fewest = bool(set(words) & {"least", "fewest", "smallest", "lowest"})
                return Rank(counted, not fewest, "count", self._limit(q, span))
            sized = [s for s in span.of("adj") if self.p.fields[s.a].type != "date"]
            measured = self._measure_of_field_after(q, k) if sized else None
            if measured is not None:
                # "the smallest training set": the number that measures the field named, in the adjective's direction
                descending = sized[0].b == "desc"
                return Rank(measured, descending, "max" if descending else "min", self._limit(q, span))
            candidates = [s.a for s in span.of("adj")]
            units = self._units_in(q, span)
            regrouped = [] if candidates or self._measure_after(q, k) else self._adjective_across(q, span)
            if regrouped:
                # "the least data": "the least" was read as one phrase, "least data" names the field
                candidates, span = [s.a for s in regrouped], Span(span.start, span.end, [*span.senses, *regrouped])
            if not candidates or words[0] in _MORE:
                found = self._measure_after(q, k)
                if found and (not candidates or found[0] in candidates):
                    candidates, units = [found[0]], found[1]
            if not candidates:
                continue
            named = units or span.end - span.start > 1 or any(s.kind in ("field", "unit") for s in span.senses)
            set_named = any(sp.has("noun") or sp.has("category") for sp in q.spans) or q.any_g("within", "refs")
            if not named and not set_named and not elliptical:
                continue  # "who won the final last year": no set of entries is ranked
            key = self._measure(q, candidates, span)
            direction = next((s.b for s in span.of("adj") if s.a == key), None)
            if direction is None:
                direction = "asc" if set(words) & {"least", "fewest", "smallest", "lowest"} else "desc"
            spec = self.p.fields[key]
            agg = "max" if direction == "desc" or spec.type == "date" else "min"
            # "the smallest largest variant": a second superlative of the field right after says which value counts
            inner = q.spans[k + 1] if k + 1 < len(q.spans) and q.spans[k + 1].start == span.end else None
            second = [s.b for s in inner.of("adj") if s.a == key] if inner is not None else []
            if second and second[0] != direction and spec.type != "date":
                agg = "max" if second[0] == "desc" else "min"
            return Rank(key, direction == "desc", agg, self._limit(q, span), tuple(units))  # type: ignore[arg-type]
        return None

    def _ordering(self, q: _Question) -> Rank | None:
        """ "sort them by date", "rank the models by parameter count, biggest first": every entry, in that order."""
        words = {t.low for t in q.toks}

        def order_by(key: str) -> Rank:
            spec = self.p.fields[key]
            descending = bool(words & _DESCENDING) or (spec.type != "date" and not words & _ASCENDING)
            return Rank(key, descending, "max" if descending else "min", 0)

        for span in q.spans:
            # "oldest first", "biggest first": every entry, in that order
            adj = [s for s in span.of("adj") if q.words(span).lower() != "first"]
            if adj and span.end < len(q.toks) and q.toks[span.end].low == "first":
                return Rank(adj[0].a, adj[0].b == "desc", "max" if adj[0].b == "desc" else "min", 0)
        for span, nxt in pairwise(q.spans):
            # "oldest to newest", "from largest to smallest": two opposite ends of one field, the first first
            joined = nxt.start == span.end + 1 and q.toks[span.end].low in ("to", "through")
            ends = [(a, b) for a in span.of("adj") for b in nxt.of("adj") if a.a == b.a and a.b != b.b]
            if joined and ends:
                first = ends[0][0]
                return Rank(first.a, first.b == "desc", "max" if first.b == "desc" else "min", 0)
        for k, span in enumerate(q.spans):
            if not span.g("order"):
                continue
            for later in q.spans[k + 1 :]:
                keys = [s.a for s in later.senses if s.kind in ("field", "unit", "adj")]
                numeric = [key for key in keys if self.p.fields[key].type in ("quantity", "sizes", "date")]
                before_later = later.start - 1
                while before_later > 0 and q.toks[before_later].low in _OWNERS:
                    before_later -= 1  # "by their size", "by the date"
                if numeric and q.toks[before_later].low == "by":
                    return order_by(numeric[0])
            # "in release order", "in size order": the field named right before the word "order"
            before = next((sp for sp in q.spans if sp.end == span.start), None)
            keys = [s.a for s in before.senses if s.kind in ("field", "adj")] if before is not None else []
            numeric = [key for key in keys if self.p.fields[key].type in ("quantity", "sizes", "date")]
            if numeric:
                return order_by(numeric[0])
            date = self.p.date_field
            if date is not None and words & _CHRONOLOGICAL:
                return order_by(date)
        return None

    def _units_in(self, q: _Question, span: Span) -> list[str]:
        """Units named inside an adjective phrase ("the most tasks" ranks by data counted in tasks)."""
        units: list[str] = []
        for tok in q.toks[span.start : span.end]:
            units += [
                u for s in self.lex.senses(tok.stem) if s.kind == "unit" and s.b for u in self.p.same_units(s.a, s.b)
            ]
        return units

    def _comparative(self, q: _Question, reading: Reading) -> Rank | None:
        """A comparative asked of the entries compared: "which is bigger", "which has more pretraining tokens"."""
        for k, span in enumerate(q.spans):
            if k in reading.used or self._modifies_name(q, k):
                continue
            words = q.words(span).split()
            if any(w.endswith("est") or w in ("most", "least", "fewest") for w in words):
                continue
            found = self._measure_after(q, k) if words[0] in _MORE else None
            if found:
                key, units = found
                direction = "asc" if words[0] in ("fewer", "less", "smaller") else "desc"
                return Rank(key, direction == "desc", "max" if direction == "desc" else "min", 1, tuple(units))
            adj = span.of("adj")
            nxt = q.spans[k + 1] if k + 1 < len(q.spans) else None
            if not adj and span.g("gt", "lt") and words[0] in _MORE and (nxt is None or nxt.number is None):
                # "is Falbo's training set larger than the one Wren used?": a comparison with no number after it
                # compares the entries, by the measure of the comparative's own senses
                adj = [s for s in self.lex.senses(q.toks[span.start].stem) if s.kind == "adj"]
            measured = self._measure_of_field_after(q, k)
            if adj and measured is not None:
                # "a bigger training set": the number that measures the field named, in the adjective's direction
                return Rank(measured, adj[0].b == "desc", "max" if adj[0].b == "desc" else "min", 1)
            if adj:
                key = self._measure(q, [s.a for s in adj], span)
                direction = next(s.b for s in adj if s.a == key)
                counted_in = tuple(self._units_in(q, span))  # "more tasks": counted in tasks only
                return Rank(key, direction == "desc", "max" if direction == "desc" else "min", 1, counted_in)
        return None

    def _measure_of_field_after(self, q: _Question, k: int) -> str | None:
        """The number field measuring the field named right after span k ("bigger training set" -> its size)."""
        numeric = self.p.fields_of("quantity", "sizes")
        nxt = q.spans[k + 1] if k + 1 < len(q.spans) else None
        if nxt is not None and nxt.start - q.spans[k].end <= 1 and nxt.has("field"):
            return next((m for s in nxt.of("field") if (m := self.p.fields[s.a].measure) in numeric), None)
        # "whose training set is bigger": the field named just before, with a copula between
        j = k - 1
        while j >= 0 and q.words(q.spans[j]) in ("is", "was", "are", "were"):
            j -= 1
        prev = q.spans[j] if j >= 0 else None
        if prev is None or prev.has("entry"):
            return None
        between = {t.low for t in q.toks[prev.end : q.spans[k].start]}
        if not between or not between <= {"is", "was", "are", "were"}:
            return None  # (not "trained on more tokens": a copula joins the field to the comparative)
        return next((m for s in prev.of("field") if (m := self.p.fields[s.a].measure) in numeric), None)

    def _adjective_across(self, q: _Question, span: Span) -> list[Sense]:
        """Adjective phrases that begin with the last word of ``span`` and run into the next words."""
        last = span.end - 1
        for n in (3, 2):
            key = tuple(t.stem for t in q.toks[last : last + n])
            if len(key) == n:
                found = [s for s in self.lex.senses(*key) if s.kind == "adj"]
                if found:
                    return found
        return []

    def _counted_field(self, q: _Question, k: int) -> str | None:
        """ "the most/largest number of (different) base models": a field holding several values, counted."""
        nxt = q.spans[k + 1] if k + 1 < len(q.spans) else None
        if nxt is None:
            return None
        bare = q.words(q.spans[k]).lower() in ("most", "fewest", "the most", "the fewest")
        gap = {t.low for t in q.toks[q.spans[k].end : nxt.start]}
        if bare and gap <= {"different", "distinct", "separate", "unique"} and self._plural(q, nxt):
            for sense in nxt.of("field"):  # "the most base models", "the most different model sizes"
                spec = self.p.fields[sense.a]
                if q.words(nxt).lower() in spec.unit_words:
                    continue  # "the most parameters" ranks by the number itself
                if spec.type in ("names", "refs", "aliases", "sizes"):
                    return sense.a
        if not (nxt.g("count") or q.toks[q.spans[k].end - 1].low == "number"):
            return None
        for span in q.spans[k + 1 : k + 4]:
            for sense in span.of("field"):
                if self.p.fields[sense.a].type in ("sizes", "names", "refs", "aliases", "links"):
                    return sense.a
        return None

    def _modifies_name(self, q: _Question, k: int) -> bool:
        """ "the first Falbo", "the latest Wren": an adjective right before a name says which one, ranks nothing."""
        nxt = q.spans[k + 1] if k + 1 < len(q.spans) else None
        if nxt is None or nxt.start != q.spans[k].end or not nxt.has("entry") or not q.spans[k].has("adj"):
            return False
        between = q.text[q.toks[q.spans[k].end - 1].end : q.toks[nxt.start].start]
        after = q.words(q.spans[k + 2]) if k + 2 < len(q.spans) and q.spans[k + 2].start == nxt.end else ""
        related = relation_noun(after)
        # "which is older, Falbo or Wren": the comma ends the adjective's phrase; "the largest Falbo fine-tune"
        # ranks the works built on it
        return not between.strip() and not related

    def _measure_after(self, q: _Question, k: int) -> tuple[str, list[str]] | None:
        """ "more pretraining tokens", "the most tasks": the numeric field (and unit) named just after a comparison."""
        numeric = self.p.fields_of("quantity", "sizes", "date")
        field: str | None = None
        for span in q.spans[k + 1 : k + 4]:
            for sense in span.senses:
                if sense.kind == "unit" and sense.a in numeric:
                    # "the largest number of dialogues" (and of what counts the same things); "the fewest examples":
                    # the units that count examples
                    if sense.b:
                        return sense.a, self.p.same_units(sense.a, sense.b)
                    return sense.a, [u.name for u in self.p.fields[sense.a].units if u.examples]
                if sense.kind in ("field", "adj") and sense.a in numeric and field is None:
                    field = sense.a
                measured = self.p.fields[sense.a].measure if sense.kind == "field" else None
                if measured in numeric and field is None:
                    field = measured  # "more training data": the number that measures the field named
        return (field, []) if field else None

    def _measure(self, q: _Question, candidates: list[str], adjective: Span | None = None) -> str:
        """Of the fields an adjective can rank by, the one the question's units, nouns and field words point to (in
        that order of weight); else the first."""
        units: list[str] = []
        nouns: list[str] = []
        fields: list[str] = []
        for span in q.spans:
            if span is adjective:
                continue
            for sense in span.senses:
                if sense.kind == "noun":
                    measure = self.p.nouns[int(sense.a)].measure
                    if measure:
                        nouns.append(measure)
                elif sense.kind == "unit":
                    units.append(sense.a)
                elif sense.kind == "field":
                    fields.append(sense.a)
                    measured = self.p.fields[sense.a].measure
                    if measured:
                        fields.append(measured)  # "smaller data": the number that measures the field named
        for key in [*units, *nouns, *fields]:
            if key in candidates:
                return key
        return candidates[0]

    def _limit(self, q: _Question, span: Span) -> int:
        for other in q.spans:
            if other.number is not None and abs(other.start - span.start) <= 2 and 1 < other.number < 50:
                return int(other.number)
        for other in q.spans:
            # "which 2 base models are the largest?": the number asked for, written before the noun
            before = q.toks[other.start - 1].low if other.start else ""
            if other.number is not None and not other.suffix and before in LIMIT_BEFORE and 1 < other.number < 50:
                return int(other.number)
        return 1

    def _tally(self, q: _Question, reading: Reading, base: Query, rank: Rank | None) -> Query | None:
        """ "Which organization has the most works?", "the most common base model": values counted over entries."""
        if base.subjects:
            return None
        words = q.text.lower()
        if "most" not in {t.low for t in q.toks}:
            return None
        countable = ("names", "refs", "enum", "category")
        keys = [f for f in base.fields if self.p.fields[f].type in countable]
        noun = any(sp.has("noun") for sp in q.spans)
        if not keys or (rank is not None and not noun and "common" not in words and "popular" not in words):
            return None
        most = next((k for k, sp in enumerate(q.spans) if sp.g("most")), None)
        after = q.spans[most + 1] if most is not None and most + 1 < len(q.spans) else None
        if rank is not None and after is not None and any(s.a == rank.field for s in after.of("unit")):
            return None  # "trained on the most sequences": a measure ranked, not values counted
        return base.with_(op="tally", tally=keys[0], rank=None, fields=tuple(keys[:1]))


_QUOTE = re.compile(r"""(?:^|(?<=[\s(]))(['"“‘])([^'"“”‘’]{3,120}?)(['"”’])(?=[\s,.?!:;)]|$)""")


def _consistent(cond: Cond) -> Cond:
    """``cond`` without a condition that an "and" both requires and denies: "Acme works that are not chat assistants /
    chatbots" denies the category, whichever of its words stood outside the "not" (a question never asks for what can
    match nothing)."""
    if isinstance(cond, Or):
        return Or(tuple(_consistent(item) for item in cond.items))
    if not isinstance(cond, And):
        return cond
    items = [_consistent(item) for item in cond.items]
    denied = [item.item for item in items if isinstance(item, Not)]
    kept = [item for item in items if item not in denied]
    return kept[0] if len(kept) == 1 else And(tuple(kept))


def _without_entry(cond: Cond, rid: str) -> Cond | None:
    """``cond`` without the conditions that name entry ``rid``."""
    if isinstance(cond, Atom):
        return None if f"entry:{rid}" in cond.values else cond
    if isinstance(cond, Not):
        inner = _without_entry(cond.item, rid)
        return Not(inner) if inner is not None else None
    items = tuple(c for c in (_without_entry(c, rid) for c in cond.items) if c is not None)
    if not items:
        return None
    return items[0] if len(items) == 1 else (And(items) if isinstance(cond, And) else Or(items))


def _drop_owners(q: _Question) -> None:
    """ "released before Acme's Corvid": a possessive value right before an entry's name says which entry it is; it
    is no condition, so its words are read as if they were not written."""
    toks, spans = q.toks, q.spans
    covered = q.covered()

    def heads(name: Span) -> bool:
        # the name ends its noun phrase (not "Acme's Corvid replication suite", where it describes what follows)
        at = name.end
        return at >= len(toks) or at in covered or common_word(toks[at].low, 5.5)

    owners = [
        span
        for span, nxt in pairwise(spans)
        if (span.has("value") or span.has("group"))
        and not span.has("entry")
        and toks[span.end - 1].possessive
        and nxt.start == span.end
        and nxt.has("entry")
        and heads(nxt)
    ]
    for owner in reversed(owners):
        _drop_tokens(toks, spans, owner.start, owner.end)


def _drop_tokens(toks: list[Token], spans: list[Span], start: int, end: int) -> None:
    """Read the question as if tokens ``start``..``end`` were not written (the spans on them go too)."""
    width = end - start
    del toks[start:end]
    spans[:] = [sp for sp in spans if not (sp.start >= start and sp.end <= end)]
    for span in spans:
        if span.start >= end:
            span.start -= width
            span.end -= width


def _same_measure(rank: Rank, conv: Conversation, compared: list[str] | tuple[str, ...]) -> Rank:
    """ "who made the smaller of the two?" right after "is it bigger than Wren's largest?": the same entries compared
    on the same field keep the measure of the last comparison (each entry's largest value), only turned round."""
    last = conv.last
    if last is None or last.op != "compare" or last.rank is None or set(compared) != set(last.subjects):
        return rank
    if last.rank.field != rank.field or last.rank.agg not in ("max", "min") or rank.agg not in ("max", "min"):
        return rank
    return replace(rank, agg=last.rank.agg, units=last.rank.units)


def _modifies(q: _Question, at: int, head: Span) -> bool:
    """Whether the words between the question word at token ``at`` and the head noun modify the noun: "which
    100B-parameter protein model" (at most five words, no verb or preposition among them), not "what did the
    authors say about the model"."""
    between = q.toks[at + 1 : head.start]
    if len(between) <= 2:
        return True
    return len(between) <= 5 and not any(t.low in AUXILIARIES | PREPOSITIONS for t in between)


def _asks_all(q: _Question) -> bool:
    """ "which ones …", "what are my options?": every entry that fits is asked for."""
    return q.any_g("options") or any(q.words(sp) in ("which ones", "what ones") for sp in q.spans)


def _choice_field(cond: Cond) -> str | None:
    """The field a condition offers alternatives of ("A or B" on one field), if that is all it is."""
    if not isinstance(cond, Or):
        return None
    fields = {a.field for a in cond.items if isinstance(a, Atom)}
    if len(fields) != 1 or not all(isinstance(a, Atom) for a in cond.items):
        return None
    key = next(iter(fields))
    return None if key.startswith("@") else key


def _after_set(conv: Conversation, *more_ops: str) -> bool:
    """Whether the last answer was a set of entries (a list, count, ranking or search; ``more_ops`` adds others) that
    "of them", "which one" and "they" can narrow."""
    ops = ("list", "count", "rank", "search", *more_ops)
    return bool(conv.results) and conv.last is not None and conv.last.op in ops


def _quote_of_words(quoted: set[int], span: Span) -> bool:
    """Whether the quotation holding span's tokens has more than one word."""
    i = span.start
    lo, hi = i, i
    while lo - 1 in quoted:
        lo -= 1
    while hi + 1 in quoted:
        hi += 1
    return hi > lo


def _quoted(text: str, toks: list[Token]) -> set[int]:
    """Indices of tokens inside quotation marks of two or more words or one rare word ("'evotune'")."""
    out: set[int] = set()
    for m in _QUOTE.finditer(text):
        inside = {i for i, t in enumerate(toks) if m.start(2) <= t.start and t.end <= m.end(2)}
        out |= inside
    return out


def _numeric_on(cond: Cond, key: str) -> bool:
    return any(a.field == key and a.op in ("gt", "ge", "lt", "le", "between") for a in atoms(cond))


def _with_agg(cond: Cond, key: str, agg: str) -> Cond:
    """The condition with its numeric atoms on ``key`` comparing an entry's max (or min) value."""
    return map_atoms(cond, lambda a: replace(a, agg=agg) if a.field == key else a)  # type: ignore[arg-type]


# words that mark a question as asking for a set of entries, not about the one talked about
_SET_MARKERS = frozenset(
    {"other", "others", "else", "another", "works", "entries", "papers", "review", "any", "all", "every", "list"}
)
# verbs that ask what a thing did in a work ("what did Acme-4 do in it?", "what role did it play?")
_DOING = frozenset({"do", "doing", "done", "role", "roles", "play", "played", "plays"})  # ("did", "does": auxiliaries)


def _linked(value_of: Callable[[str, str], Any], rid: str, key: str) -> list[str]:
    return [
        v.removeprefix("entry:")
        for v in value_of(rid, f"@canon:{key}") or ()
        if str(v).startswith("entry:") and "@" not in str(v)
    ]


def _replace(old: Cond | None, new: Cond) -> Cond:
    """``old`` with its conditions on the fields ``new`` constrains replaced by ``new``."""
    if old is None:
        return new
    new_fields = {a.field for a in atoms(new)}
    kept = [
        c for c in (old.items if isinstance(old, And) else (old,)) if not ({a.field for a in atoms(c)} & new_fields)
    ]
    return flatten_and([*kept, new]) or new


def _past_what_is(q: _Question, at: int, owners: bool = False) -> int:
    """Where the phrase asked about starts after "what" / "which" at ``at``: past "is", "was", "'s" … and "the" (or,
    with ``owners``, one owner instead: "its", "their", "Falbo's")."""
    start = at + 1
    start += start < len(q.toks) and q.toks[start].low in ("is", "was", "are", "were", "s")
    if start < len(q.toks):
        tok = q.toks[start]
        if owners and not tok.possessive:
            # an owner of several words: "Falbo-13B's", "Acme Labs'"
            owner = next((sp for sp in q.spans if sp.start == start and sp.end > start + 1), None)
            if owner is not None and q.toks[owner.end - 1].possessive:
                return owner.end
        start += tok.low == "the" or (owners and (tok.low in ("its", "their") or tok.possessive))
    return start


def _senses_at(q: _Question) -> dict[int, list[Sense]]:
    """The senses of the spans covering each token."""
    out: dict[int, list[Sense]] = {}
    for span in q.spans:
        for i in range(span.start, span.end):
            out.setdefault(i, []).extend(span.senses)
    return out


def _phrase_end(q: _Question, start: int, senses: dict[int, list[Sense]]) -> int:
    """Where the noun phrase asked about that starts at ``start`` ends: at an auxiliary or preposition, an owner
    ("Falbo's"), an entry's name or a word of time ("today")."""
    end = start
    while (
        end < len(q.toks)
        and q.toks[end].low not in _MEASURE_PHRASE_END
        and q.toks[end].low not in _TIME_NOUNS | {"now", "currently"}
        and not (q.toks[end].low == "right" and end + 1 < len(q.toks) and q.toks[end + 1].low == "now")
        and not q.toks[end].possessive
        and not any(s.kind == "entry" for s in senses.get(end, ()))
    ):
        end += 1
    return end


def _plain(word: str) -> bool:
    """A word of everyday English (not a misspelling) that can say what is measured: not an adverb or a qualifier."""
    return (
        word.isalpha() and len(word) > 2 and not word.endswith("ly") and word not in _MEASURE_QUALIFIERS
        and common_word(word, 3.0)
    )  # fmt: skip


def _plain_phrase(q: _Question, start: int, end: int, senses: dict[int, list[Sense]]) -> bool:
    """Whether every word of a phrase is a phrase of the review, grammar or everyday English (or a letter, the "h" of
    "h-index"): with a misspelt word in it ("how many paramters dose …") what it asks is not sure."""
    return all(
        i in senses
        or len(q.toks[i].low) <= 2
        or _plain(q.toks[i].low)
        or _name_like(q, i)
        or q.toks[i].low in _MEASURE_QUALIFIERS
        or q.toks[i].low.endswith("ly")
        for i in range(start, end)
    )


def _measure_words(q: _Question, start: int, end: int, senses: dict[int, list[Sense]]) -> list[int]:
    """The words of a phrase ending in a noun of measuring ("learning rate", "vocabulary size") that no phrase of
    the review covers (a word some entry's values hold, "vocabulary" in a paper's title, is none); [] when the
    phrase ends in no such noun."""
    if q.toks[end - 1].low not in _MEASURES:
        return []
    return [
        i for i in range(start, end)
        if all(s.kind == "word" for s in senses.get(i, ())) and (_plain(q.toks[i].low) or _name_like(q, i))
    ]  # fmt: skip


def _name_like(q: _Question, i: int) -> bool:
    """A word written with a capital inside the question ("the Elo rating", "its BLEU score"): a name, not a typo."""
    tok = q.toks[i]
    return i > 0 and tok.low.isalpha() and len(tok.low) > 1 and tok.capital


def _opening(toks: list[Token]) -> int:
    """Where the question proper starts, past words that only open a turn ("so", "ok", "and then")."""
    i = 0
    while i < len(toks) - 1 and toks[i].low in _DISCOURSE:
        i += 1
    return i


def _after_fronted(q: _Question) -> int:
    """Where the question proper starts after a fronted exclusion ("Other than Falbo, which …"): the token after its
    comma; 0 when the question does not open with one."""
    # ("Falbo aside, which …": a name left out by the word after it)
    aside = len(q.spans) > 1 and q.spans[0].start == 0 and q.spans[0].has("entry") and q.spans[1].g("after_neg")
    if not q.spans or q.spans[0].start != 0 or not (q.spans[0].g("neg") or aside):
        return _opening(q.toks)  # ("and which model builds on it?": past the words opening the turn)
    comma = q.text.find(",")
    return next((i for i, t in enumerate(q.toks) if comma >= 0 and t.start > comma), 0)


def _union(cats: list[Cond]) -> Cond:
    """Categories named together as one condition, each named once ("instruction or preference datasets")."""
    if all(isinstance(c, Atom) and c.field == cats[0].field and c.op == "eq" for c in cats):  # type: ignore[union-attr]
        found = [c for c in cats if isinstance(c, Atom)]
        values = tuple(dict.fromkeys(v for c in found for v in c.values))
        label = " or ".join(dict.fromkeys(part for c in found for part in c.label.split(" or ")))
        return Atom(found[0].field, "eq", values, label)
    return Or(tuple(cats))


def _other_of_two(conv: Conversation) -> str | None:
    """ "the other one" after an answer about two entries: the one the chat is not on (after "which of them …?"
    picked one), else the one it did not put first (a verdict's loser)."""
    pair = conv.results if len(conv.results) == 2 else (conv.focus if len(conv.focus) == 2 else ())
    if not pair:
        return None
    if len(conv.focus) == 1 and conv.focus[0] in pair:
        return next(e for e in pair if e != conv.focus[0])
    return pair[1]


def _correlative(q: _Question, k: int) -> bool:
    """ "both Falbo and Wren": "both" right before a name or value, with an "and" after it, joins the two; it does
    not refer to two entries of the chat."""
    if q.words(q.spans[k]).lower() != "both" or k + 1 >= len(q.spans):
        return False
    nxt = q.spans[k + 1]
    named = nxt.start - q.spans[k].end <= 1 and any(nxt.has(x) for x in ("entry", "value", "group", "enum", "word"))
    return named and any(sp.g("and") for sp in q.spans[k + 2 :])


def _is_there(toks: list[Token], at: int) -> bool:
    """Whether the question asks, from token ``at``, whether something exists ("is there …", "are there …")."""
    return at + 1 < len(toks) and toks[at].low in ("is", "are", "was", "were") and toks[at + 1].low == "there"


def _repeats(cats: list[Cond]) -> bool:
    """Whether the category conditions say one thing twice ("models … these models")."""
    return len(set(map(repr, cats))) == 1


def _about_chat(q: _Question, span: Span) -> bool:
    """ "in this review", "that list": a demonstrative before a word for the chat itself, not for an entry."""
    nxt = q.toks[span.end].low if span.end < len(q.toks) else ""
    return nxt in ("review", "list", "question", "answer", "chat", "conversation", "table", "page", "corpus")
