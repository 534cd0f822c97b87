"""Read the conditions of a tagged question: atoms from values, numbers and dates, joined by and / or / not.

Each value the question names (an entry after a relation word, a vocabulary value, a group, an enum value, a rare word
that stored values use, a number with a comparison and a unit, a date, another entry's date or size) becomes an
``Atom`` on the field its relation word, vocabulary or unit points to. The words between them (and, or, commas, not,
neither … nor) form a token string that a small lark grammar turns into the ``And`` / ``Or`` / ``Not`` tree, with
"not" scoping over an or-list ("not from A or B" = neither). Entries given as examples ("like X") are not
conditions. Which operation the question asks is decided in ``parse.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

from lark import Lark, Transformer
from lark.exceptions import LarkError

from .budget import check
from .lexicon import Lexicon, Sense, Span, Token, asks_difference, stem
from .names import common_word
from .profile import Profile
from .query import And, Atom, Cond, Not, Or, flatten_and, map_atoms
from .values import format_count, name_key, size_range, sizes_in, tokens

__all__ = ["Reading", "read_conditions"]

_BOOLEAN_GRAMMAR = r"""
?start: or_expr
?or_expr: and_expr
        | and_expr (_OR and_expr)+ -> or_
?and_expr: unary
         | unary (_AND? unary)+ -> and_
?unary: _NEG unary -> not_
      | _NEITHER unary (_NOR unary)+ -> neither
      | "(" or_expr ")"
      | ATOM
ATOM: /A\d+/
_AND: "&"
_OR: "|"
_NEG: "!"
_NEITHER: "N"
_NOR: "R"
%ignore " "
"""

# Words that may stand between a relation word and its value ("fine-tuned from *the* Falbo model").
# Words naming a kind of what follows "of" ("trained on some flavour of Falbo"): the relation reaches past them.
# ("the largest version of Falbo" is Falbo's own largest size, so versions and variants are not among them)
KIND_WORDS = frozenset(
    "flavour flavor flavours flavors kind kinds type types form forms sort sorts subset subsets".split()
)
FILLER = (
    frozenset(
        "the a an its their his her this that these those some any only also just either both even directly "
        "originally original mainly mostly primarily partly partially entirely actually whose which who all "
        "something anything someone anyone".split()
    )
    | KIND_WORDS
)
# Verbs before "up to" that make the number the largest one ("models that go up to 65B")
REACHING = frozenset(
    "go goes going went scale scales scaling scaled range ranges ranging reach reaches extend extends".split()
)
# Words before a number that make it how many entries are asked for ("which 3 …", "the top 5 …")
LIMIT_BEFORE = frozenset("which what top the first last list name show give".split())
# Words for an entry's own variants: "the largest version of Falbo" is one of Falbo's sizes
OWN_VARIANTS = frozenset("version versions variant variants".split())
# "…, i.e. …", "that is", "in other words": what follows says again what came before
_RESTATEMENT = re.compile(r"(?:,|\(|\s-)\s*(?:i\.\s?e\.?|ie|that is|in other words|meaning)(?=[\s,:])", re.I)
# verbs of introducing: "the paper that introduced Falbo" is Falbo's own entry
INTRODUCING = frozenset("introduced introduces introduce proposed proposes propose presented presents coined".split())
# verbs and nouns of saying: "nothing is said about X", "no mention of X" ask whether X is recorded
SAYING_WORDS = frozenset("said say says saying mention mentions mentioned stated states state specified".split())
# Words after a name that make it a value of the relation they name ("Falbo-based", "Corvid-derived").
POSTFIX = frozenset(
    "based derived family variants variant versions version descendants derivatives style trained tuned finetuned "
    "powered built fine-tunes finetunes generated written made created produced rated labelled labeled annotated "
    "distilled derivative descendant affiliated".split()
)
# the participles among POSTFIX ("Falbo-based"); the rest are nouns of derivation ("Falbo variants")
PARTICIPLES = frozenset(w for w in POSTFIX if w.endswith("ed") or w in ("built", "made", "written"))


def relation_noun(words: str) -> bool:
    """ "derivatives", "fine-tune": a word of relation written after a name, or the singular of one."""
    return bool(words) and (words in POSTFIX or words + "s" in POSTFIX)


# Words that ask for entries besides the one referred to ("which other works used its data?")
LATER_WORDS = frozenset("later subsequent newer follow-up".split())
OTHER_WORDS = frozenset({"other", "else", *LATER_WORDS})
FAMILY_WORDS = frozenset("family families line lineage series versions generations".split())  # "the Falbo family"
# Words that may stand between a negation and the field it empties ("never had their weights released").
LIGHT_WORDS = frozenset("a an any the their its his her have has had get got give gives gave list lists".split())
# Words after a number with a magnitude letter that make it a model's size ("a 7B version").
SIZE_NOUNS = frozenset("version versions variant variants model models checkpoint checkpoints size sizes one".split())
# Prepositions and light verbs that relate a name to a field only when the question asks about a set of entries
# ("works from Acme", "models using Falbo"); in "Can I use Corvid commercially?" the name is the subject.
# Words before a field that ask whether an entry has a value of it at all: "which of those released weights?",
# "the one with a recorded parameter count", "models that ship code".
# Words of being available, before a part or after it ("open weights", "made their weights available").
AVAILABLE_WORDS = frozenset("available public downloadable open".split())
PRESENCE_WORDS = AVAILABLE_WORDS | frozenset(
    "has have had with release released releases publish published publishes share shared shares provide provides "
    "provided ship ships shipped recorded reported stated listed linked known give gives gave "
    "report reports state states disclosed disclose discloses given specified documented mentioned accessible "
    "get got download downloaded obtain access name names named mention mentions".split()
)
RELEASED_VERBS = frozenset("release released releases publish published share shared open-source open-sourced".split())
RELEASED_WORDS = frozenset("released published shared provided shipped disclosed open-sourced opensourced".split())
# between a part and the word saying it is out: "weights were actually made public"
_BEFORE_AVAILABLE = frozenset(
    "is are was were been be actually ever publicly fully officially openly also made".split()
)
# Words between a count and the field it counts: "three or more different sizes".
COUNT_FILLERS = frozenset("different distinct separate or more fewer less released public".split())
# Adjectives and adverbs that leave a field what it is: "no disclosed total token count", "actually released".
GENERIC_ADJECTIVES = frozenset(
    "total overall exact precise official specific separate explicit own actually also ever even really publicly full "
    "openly".split()
)
# What may stand between a word of having and its field ("released their model weights"): not a second verb of having.
BEFORE_PRESENCE = (LIGHT_WORDS | GENERIC_ADJECTIVES) - {"has", "have", "had", "give", "gave", "get", "got"}
WEAK_RELATIONS = frozenset("from by with using use uses used at under via through on of in for".split())
AUXILIARIES = frozenset("did does do was is were are has have had can could will would should".split())
# words that may open a question before a negated auxiliary and its subject ("so why isn't Falbo …")
_OPENING_ADVERBS = frozenset("why how come so and but then ok okay".split())
# a bound compared with another entry's amount, that amount included ("at least as many tokens as Falbo")
INCLUSIVE = {"ge": "atleast", "le": "atmost"}
# what "the same …" may be said of without naming a field ("built the same way")
SAME_GENERIC = frozenset("way kind type sort thing approach design recipe method".split())
PREPOSITIONS = frozenset("on from by with under using of in".split())
# Comparatives that compare with an entry only through "than" ("bigger than X"; in "which is bigger, X or Y" X is a
# subject).
BARE_COMPARATIVES = frozenset(
    "bigger larger more fewer less smaller earlier later older newer higher lower greater".split()
)
CMP_TAGS = ("gt", "ge", "lt", "le", "before", "after", "since", "until", "in", "between")
ENTRY_CMP_TAGS = ("gt", "ge", "lt", "le", "before", "after", "since", "until", "between")
DATE_TAGS = ("before", "after", "since", "until", "in", "between")
NUMBER_OPS = {
    "gt": "gt",
    "ge": "ge",
    "lt": "lt",
    "le": "le",
    "after": "gt",
    "before": "lt",
    "since": "ge",
    "until": "le",
}


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(_BOOLEAN_GRAMMAR, parser="lalr")


class _Build(Transformer[Any, Cond]):
    def __init__(self, atoms: Sequence[Cond]) -> None:
        super().__init__()
        self.atoms = atoms

    def ATOM(self, token: Any) -> Cond:
        return self.atoms[int(str(token)[1:])]

    def or_(self, items: list[Cond]) -> Cond:
        return Or(tuple(items))

    def and_(self, items: list[Cond]) -> Cond:
        return And(tuple(items))

    def not_(self, items: list[Cond]) -> Cond:
        return Not(items[0])

    def neither(self, items: list[Cond]) -> Cond:
        return And(tuple(Not(item) for item in items))


@dataclass
class Reading:
    """What the condition reader found: the condition tree and which spans it used, with entries' roles."""

    where: Cond | None = None
    atoms: list[Cond] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # indices of spans consumed by conditions
    roles: dict[int, str] = field(default_factory=dict)  # entry span index -> value | example | relative
    categories_joined: bool = False  # categories named with and/or between them: their union
    categories: list[Cond] = field(default_factory=list)  # category and noun conditions, added for set questions
    category_spans: set[int] = field(default_factory=set)
    category_at: dict[int, Cond] = field(default_factory=dict)  # span index -> the category condition it named
    relative: list[str] = field(default_factory=list)  # entries other entries are compared with ("after Corvid")
    held: list[str] = field(default_factory=list)  # relations that hold of another value ("from one other than X")


class _Reader:
    def __init__(
        self,
        lex: Lexicon,
        text: str,
        toks: list[Token],
        spans: list[Span],
        value_of: Callable[[str, str], Any],
        compare_frame: bool,
        set_frame: bool,
        selection: bool,
    ) -> None:
        self.lex = lex
        self.p: Profile = lex.profile
        self.text = text
        self.toks = toks
        self.spans = spans
        self.span_at = {i: idx for idx, sp in enumerate(spans) for i in range(sp.start, sp.end)}  # token -> span
        self.value_of = value_of
        self.compare_frame = compare_frame
        self.set_frame = set_frame
        self.selection = selection  # "which NOUN …": names are what the entries are selected by
        self.loose_relation = False  # the last relation found was a field phrase, not a relation word
        self.relation_span: int | None = None  # the span of the last relation word found, if any
        self.asserted = False  # the last value read belongs to a thing the question says exists
        self.removal = False  # the last negation is a verb of removal ("gets rid of"): the field is recorded
        self.out = Reading()
        self.shared_negation = False  # the last negation found for a field stood before an earlier field listed
        self.focus: str | None = None
        self.asked: tuple[str, ...] = ()  # the fields the conversation asked last
        # the fields whose values can name entries ("fine-tuned from Falbo", "trained on Falbo data")
        self.mention_fields = [f for f, spec in self.p.fields.items() if spec.type in ("refs", "names", "text")]

    # ---- helpers -------------------------------------------------------------------------------------------------
    def words(self, span: Span) -> str:
        check()  # (called throughout reading the conditions: where the question's time budget is checked)
        return self.text[self.toks[span.start].start : self.toks[span.end - 1].end]

    def gap_is_filler(self, a: int, b: int) -> bool:
        """Whether the tokens between span a's end and span b's start are all filler words."""
        check()
        lo, hi = self.spans[a].end, self.spans[b].start
        return hi - lo <= 3 and all(self.toks[i].low in FILLER for i in range(lo, hi))

    def prev(self, k: int, skip: Callable[[Span], bool] = lambda s: False) -> int | None:
        """The span before span k, if only filler words lie between (spans ``skip`` accepts are passed over)."""
        last, j = k, k - 1
        while j >= 0:
            if not self.gap_is_filler(j, last):
                return None
            if skip(self.spans[j]):
                last, j = j, j - 1
                continue
            return j
        return None

    def next(self, k: int) -> int | None:
        j = k + 1
        if j < len(self.spans) and self.gap_is_filler(k, j):
            return j
        return None

    def in_parentheses(self, k: int) -> bool:
        before = self.text[: self.toks[self.spans[k].start].start]
        return before.count("(") > before.count(")")

    def _examples_aside(self, k: int) -> bool:
        """Whether the parenthesis span k stands in gives examples ("(A, B, whatever)", "(e.g. A)", "(A etc.)")."""
        start = self.text.rfind("(", 0, self.toks[self.spans[k].start].start)
        inside = self.text[start + 1 :].split(")")[0].lower()
        return bool(re.search(r"\b(?:whatever|etc|e\.g|eg|for example|for instance|such as)\b", inside))

    def _counts_too(self, k: int) -> bool:
        """Whether the parenthesis span k stands in says it counts as well ("(Falbo-X counts)", "(Wren too)")."""
        rest = self.text[self.toks[self.spans[k].end - 1].end :].split(")")[0].lower().split()
        return bool(set(rest) & {"counts", "count", "counted", "too", "also", "included", "qualifies", "qualify"})

    def comma_before(self, k: int) -> bool:
        if k == 0:
            return False
        a = self.toks[self.spans[k - 1].end - 1].end
        return "," in self.text[a : self.toks[self.spans[k].start].start]

    def weak(self, j: int) -> bool:
        """A one-word relation such as "from", "with" or "used", which relates only in a question about a set."""
        span = self.spans[j]
        return span.end - span.start == 1 and self.toks[span.start].low in WEAK_RELATIONS

    def relation_fields(self, j: int, candidates: Sequence[str]) -> list[str]:
        """Fields span j introduces a value of: its relation senses, or a field phrase ending in a preposition
        ("trained on", "generated by")."""
        span = self.spans[j]
        rel = [s.a for s in span.of("relation") if s.a in candidates]
        if not rel and self.toks[span.end - 1].low in PREPOSITIONS:
            rel = [s.a for s in span.of("field") if s.a in candidates]
            # a phrase of one field only, and of a field that names entries, relates as firmly as a relation word
            # ("did not start from Falbo"); one that several fields share ("trained on") may mean any use
            firm = len(rel) == 1 and len(span.of("field")) == 1 and self.p.fields[rel[0]].type == "refs"
            if rel and not firm:
                self.loose_relation = True
        return rel

    def field_for_relation(self, k: int, candidates: Sequence[str], strong_only: bool = False) -> str | None:
        """The candidate field a relation word just before span k (or just after it, "Falbo-based") names."""
        self.loose_relation = False
        self.relation_span = None
        rel = self.postfix_fields(k, candidates)
        if rel:
            self.out.used.add(k + 1)
            return rel[0]  # "not Falbo-based": the relation written onto the name is the one meant
        # passed over: nouns, "only", sizes (and an "or" between them), and an exclusion ("fine-tuned from something
        # other than Falbo", but not the verb's "are not")
        run = self.size_run(k) if self.spans[k].has("entry") else []
        j = self.prev(
            run[0] if run else k,
            skip=lambda s: (
                s.has("noun")
                or s.g("only", "one")
                or (s.g("neg") and not s.g("yesno"))
                or (s.g("list") and all(t.low in FILLER for t in self.toks[s.start : s.end]))  # "built on any X"
                or (s.number is not None and bool(s.suffix))
                or (self.words(s).lower() == "of" and s.start > 0 and self.toks[s.start - 1].low in KIND_WORDS)
            ),
        )
        at = self.spans[k].start - 1
        verb = self.span_at.get(at - 1) if j is None and at > 0 and self.toks[at].low in PREPOSITIONS else None
        if verb is not None and self.spans[verb].of("relation") and self.spans[verb].end == at:
            # "tuned on Falbo": a verb of relation and a preposition its phrases do not have; the relation it names
            # holds only loosely (any use of the entry)
            rel = self.relation_fields(verb, candidates)
            if rel:
                self.out.used.add(verb)
                self.loose_relation = True
                return rel[0]
        while j is not None:
            span = self.spans[j]
            rel = self.relation_fields(j, candidates)
            if rel and strong_only and self.weak(j):
                rel = []
            if rel:
                self.out.used.add(j)
                self.relation_span = j
                if len(rel) > 1:
                    rel = self._purpose_field(k, rel) or rel  # "used it for training": the field of that word
                if len(rel) > 1 and self.spans[k].has("entry"):
                    # "use Falbo and Wren data": of the fields "use" may name, those that ever hold the entry
                    value = f"entry:{self.spans[k].of('entry')[0].a}"
                    held = [f for f in rel if self.p.fields[f].type != "text" and self.holds_anywhere(f, value)]
                    rel = held or rel
                return self._clause_field(j, rel) if len(rel) > 1 else rel[0]
            # "fine-tuned from Falbo or Wren": a value joined by and/or/comma shares the relation before it
            if span.g("and", "or", "nor") or span.has("entry") or span.has("value") or span.has("group"):
                j = self.prev(j)
                continue
            # "a tuned version of Falbo", "variants of it": the derivation before "of" relates
            before = self.prev(j) if self.words(span) == "of" else None
            if before is not None and (
                self.toks[self.spans[before].end - 1].low in POSTFIX
                or relation_noun(self.words(self.spans[before]).lower())  # (also "a fine-tune of Falbo")
            ):
                # (but "the largest version of it" is its own largest size)
                ahead = self.spans[before - 1] if before > 0 else None
                own = self.toks[self.spans[before].end - 1].low in OWN_VARIANTS  # ("the largest fine-tune of Falbo")
                if not own or ahead is None or not (ahead.has("adj") or self.toks[ahead.end - 1].low.endswith("est")):
                    j = before
                    continue
            break
        return None

    def _verb_may_hold(self, value: str, k: int) -> bool:
        """Whether the relation word just found may relate the entry ``value``: a verb several fields share ("use")
        relates anything, "which labs used Falbo?", and so does a verb of a field naming things ("fine-tuned on"); a
        verb of one field of prose relates only what that field ever holds, so "which group runs Falboset?" asks
        about Falboset when only methods are run."""
        j = self.relation_span
        if j is None or self.spans[j].end > self.spans[k].start or self.words(self.spans[j]).lower() in PREPOSITIONS:
            return True  # (a bare preposition, "builds on it", belongs to a verb the review does not list)
        fields = self.relation_fields(j, list(self.p.fields))
        return (
            len(fields) != 1
            or self.p.fields[fields[0]].type in ("refs", "names")
            or self.holds_anywhere(fields[0], value)
        )

    def _purpose_field(self, k: int, fields: list[str]) -> list[str]:
        """ "used Falbo for training", "used it as the backbone": of the fields an ambiguous relation names, those
        one of whose words shares a word with the phrase after "for"/"as" right after span k."""
        i = self.spans[k].end
        if i + 1 >= len(self.toks) or self.toks[i].low not in ("for", "as", "in"):
            return []
        after = {t.stem for t in self.toks[i + 1 : i + 4] if t.low not in FILLER}
        return [f for f in fields if after & {stem(w) for phrase in self.p.fields[f].words for w in tokens(phrase)}]

    def _clause_field(self, j: int, fields: list[str]) -> str:
        """Of the fields an ambiguous relation at span j could name, the one of the noun its clause describes:
        "generated with a model that is not from Acme", "a teacher that isn't from Acme" (the model's maker, not
        the entry's)."""
        i = j
        negated = False
        for _ in range(6):
            prev = self.prev(i)
            if prev is None:
                break
            span = self.spans[prev]
            named = {s.a for s in span.of("relation") + span.of("field")}
            common = [f for f in fields if f in named]
            if common:
                self.asserted = negated  # "a model that is not from Acme": there is such a model
                return common[0]
            negated = negated or span.g("neg")
            if not (span.g("neg", "yesno", "ref") or span.has("noun") or span.g("only")):
                break
            i = prev
        return fields[0]

    def postfix_fields(self, k: int, candidates: Sequence[str]) -> list[str]:
        """Fields a relation written right after span k names ("Falbo-based", "Wren-trained"): the relation senses
        of the next word, or the fields one of whose relation phrases begins with it ("trained" -> "trained on")."""
        start = self.spans[k].start
        # the name right after an auxiliary (or its "the"): "how was Falbo trained?" (not "have a Falbo 7B variant")
        before = [t.low for t in self.toks[max(0, start - 2) : start]]
        asked_of = bool(before) and (before[-1] in AUXILIARIES or (before[-1] == "the" and before[0] in AUXILIARIES))
        if asked_of and not self._hyphen_after(k):
            return []  # "how was Falbo trained?", "was Falbo based on Wren?": a verb of the name, its subject
        nxt = k + 1
        if not (nxt < len(self.spans) and self.spans[nxt].start == self.spans[k].end):
            after = self.spans[k].end
            word = self.toks[after].low if after < len(self.toks) else ""
            if word not in POSTFIX or word in FAMILY_WORDS:
                return []
            # an untagged noun of relation ("Falbo derivatives"): the fields whose relation verb shares its stem
            return [f for f in candidates if any(r.split()[0][:5] == word[:5] for r in self.p.fields[f].relation)]
        word = self.toks[self.spans[nxt].start].low
        whole = self.words(self.spans[nxt]).lower()
        if word == "as":  # "lists Falbo 7B as a base model"
            return self.relation_fields(nxt, candidates)
        # "the largest Falbo fine-tune": the singular of a noun of relation (but "did it fine-tune …" is a verb)
        singular = whole + "s" in POSTFIX and not self.spans[k].g("ref", "refs") and not self._after_auxiliary(k)
        if word not in POSTFIX and whole not in POSTFIX and not singular:
            return []
        rel = self.relation_fields(nxt, candidates)
        if not rel:
            rel = [f for f in candidates if any(r.split()[0] == word for r in self.p.fields[f].relation)]
        return rel

    def comparator(self, k: int, tags: Sequence[str] = CMP_TAGS, entry: bool = False) -> tuple[str, int] | None:
        """The comparison tag right before span k and its span index ("more than 7B", "after May 2023")."""
        j = self.prev(k)
        if j is None:
            return None
        span = self.spans[j]
        bare = self.words(span).lower() in BARE_COMPARATIVES
        for sense in span.of("g"):
            if sense.a in tags and not (entry and bare):
                return sense.a, j
        if span.g("as") and entry:
            # "at least as many tokens as Falbo": the bound written before "as many"
            bound = self._bound_before_as_many(self.spans[j].start)
            if bound is not None:
                return bound
        if span.g("than"):
            before = self.prev(j, skip=lambda s: s.has("field") or s.has("unit") or s.has("noun"))
            if before is not None:
                for sense in self.spans[before].of("g"):
                    if sense.a in tags:
                        return sense.a, before
                adj = self.spans[before].of("adj")
                if adj:
                    return ("gt" if adj[0].b == "desc" else "lt"), before
        return None

    def _that_many(self, k: int) -> tuple[str, int] | None:
        """The comparison of "that many" / "that much" at span k, when it means the amount of the entry in focus
        ("at least that many tokens", "more than that much data")."""
        span = self.spans[k]
        if self.focus is None or not span.g("ref") or self.words(span).lower() not in ("that", "this"):
            return None
        if span.end >= len(self.toks) or self.toks[span.end].low not in ("many", "much"):
            return None
        cmp = self.comparator(k)
        return (INCLUSIVE.get(cmp[0], cmp[0]), cmp[1]) if cmp is not None else None  # ("at least that many")

    def _bound_before_as_many(self, at: int) -> tuple[str, int] | None:
        """The bound ("at least", "at most") before "as many …" or "that many …" whose words end before token ``at``
        (fields, units and nouns of the review may stand between)."""
        t = at - 1
        while t >= 0:
            idx = self.span_at.get(t)
            sp = self.spans[idx] if idx is not None else None
            if self.toks[t].low in ("as", "many", "much") or (
                sp is not None and (sp.has("field") or sp.has("unit") or sp.has("noun"))
            ):
                t = (sp.start if sp is not None else t) - 1
                continue
            break
        idx = self.span_at.get(t) if t >= 0 else None
        if idx is None or self.toks[min(t + 1, len(self.toks) - 1)].low not in ("as", "that", "this"):
            return None
        tag = next((s.a for s in self.spans[idx].of("g") if s.a in ("ge", "le")), None)
        return (INCLUSIVE[tag], idx) if tag is not None else None

    def post_comparator(self, k: int) -> tuple[str, int] | None:
        """A comparison written after a value: "30B parameters or more", "2022 onwards"."""
        j = self.next(k)
        while j is not None and (self.spans[j].has("unit") or self.spans[j].has("field")):
            j = self.next(j)
        if j is None:
            return None
        words = self.words(self.spans[j]).lower().replace("-", " ")  # ("30B-or-larger")
        for sense in self.spans[j].of("g"):
            if sense.a in ("ge", "le", "since", "until") and words.startswith(("or ", "and ", "onward")):
                return sense.a, j
        return None

    def _from_date_on(self, k: int, said: int) -> bool:
        """ "from November 2023 on", "from 2024 on, which …": "from" before the date and "on" right after it, with no
        value that "on" could relate the date to."""
        end = self.spans[k].end
        if self.words(self.spans[said]).lower() != "from" or end >= len(self.toks) or self.toks[end].low != "on":
            return False
        after = self._span_starting(end + 1) if end + 1 < len(self.toks) else None
        return after is None or not (self.spans[after].has("entry") or self.spans[after].has("value"))

    def _span_covering(self, i: int) -> Span | None:
        idx = self.span_at.get(i)
        return self.spans[idx] if idx is not None else None

    def _span_starting(self, i: int) -> int | None:
        """The index of the span that starts at token i, if one does."""
        idx = self.span_at.get(i)
        return idx if idx is not None and self.spans[idx].start == i else None

    # ---- atoms ---------------------------------------------------------------------------------------------------
    def label(self, key: str, value: str) -> str:
        spec = self.p.fields.get(key)
        template = spec.condition if spec and spec.condition else f"{self.p.label(key).lower()} {{value}}"
        return template.format(value=value)

    def _listed_size(self, rid: str, size: str) -> str:
        """A size that an alias of the entry spells but the entry does not list ("Falbo-30B", the checkpoint it lists
        as 33B) means the nearest listed size; any other size stays as written."""
        sizes_key, alias_key = self.p.first_of("sizes"), self.p.first_of("aliases")
        listed = self.value_of(rid, f"@numbers:{sizes_key}") if sizes_key else None
        bounds = size_range(size)
        if not listed or bounds is None or any(bounds[0] <= v <= bounds[1] for v in listed):
            return size
        aliases = (self.value_of(rid, alias_key) if alias_key else None) or []
        if size not in {z for alias in aliases for z in sizes_in(alias)}:
            return size
        middle = (bounds[0] + bounds[1]) / 2
        return format_count(min(listed, key=lambda v: abs(v - middle)))

    def entry_name(self, rid: str) -> str:
        return str(self.value_of(rid, "name"))

    def holds_anywhere(self, key: str, value: str) -> bool:
        return bool(self.value_of(value, f"@anywhere:{key}"))

    def atom_for_entry(self, k: int) -> Cond | None:
        span = self.spans[k]
        rid = span.of("entry")[0].a
        nxt = self.toks[span.end].low if span.end < len(self.toks) else ""
        head = self.toks[span.end + 1].low if span.end + 1 < len(self.toks) else ""
        t = span.start - 1
        while t >= 0 and (self.toks[t].low in ("the", "a", "an", "all") or self.toks[t].low.isdigit()):
            t -= 1
        # (not "T5-family models" nor "from the T5 family": what is of that family, or related to it; the line word
        # heads the phrase: "which Falbo versions are …", "the three Falbo releases in date order")
        heads = head in AUXILIARIES or head in ("", "in", "by", "that", "which", "from", "since", "after", "before")
        related = t >= 0 and (self.toks[t].low in PREPOSITIONS or (self.span_at.get(t) is not None
                              and self.spans[self.span_at[t]].has("relation")))  # fmt: skip
        if nxt in _LINE_WORDS and heads and not related and not span.g("ref", "refs"):
            self.out.roles[k] = "value"
            return self._line_atom(rid)  # "which Falbo versions …": Falbo and its other versions
        after = k + 1 < len(self.spans) and self.spans[k + 1].start == span.end and self.spans[k + 1].g("after_neg")
        if after and self._ends_clause(k + 1):
            # "Falbo aside, which work …": left out of the set asked
            self.out.roles[k] = "value"
            self.out.used.add(k + 1)
            return Not(Atom("@id", "eq", (rid,), self.entry_name(rid)))
        cond = self._atom_for_entry(k, rid)
        before = self.toks[span.start - 1].low if span.start else ""
        line = self.value_of(rid, "@line") or ()
        if cond is not None and before in ("a", "an", "any") and nxt in _KIND_WORDS and len(line) > 1:
            # "fine-tuned from a Falbo model": any version of Falbo will do
            cond = _widened(cond, rid, tuple(line), " or ".join(self.entry_name(i) for i in line))
        return cond

    def _atom_for_entry(self, k: int, rid: str) -> Cond | None:
        span = self.spans[k]
        # "apart from the 2021 Falbo paper", "without any Falbo data", "that aren't part of Falbo"
        j = self.prev(k, skip=lambda s: s.date is not None or self.words(s).lower() == "any")
        if j is not None and self._membership(self.spans[j]):
            t = self.spans[j].start - 2  # the word before "part", "member", "included"
            while t >= 0 and self.toks[t].low in ("a", "an", "the"):
                t -= 1
            owner = self.span_at.get(t)
            j = owner if owner is not None and self.spans[owner].g("neg") else j
        if j is not None and (self.spans[j].g("example") or self.toks[self.spans[j].end - 1].low == "like"):
            self.out.roles[k] = "example"
            return None
        if j is not None and self.spans[j].g("about") and self.spans[j].start == 0:
            return None  # "what about Falbo, what's its base model?": the entry asked about next
        if self.in_parentheses(k) and (self.set_frame or self.selection) and not self._after_relation(k):
            self.out.roles[k] = "example"  # "models (Wren-X counts as Wren)": an aside, not a condition
            return None
        between = self.between_entries(k, rid)
        if between is not None:
            return between
        before = [t.low for t in self.toks[max(0, span.start - 2) : span.start]]
        if (self.set_frame or self.selection) and before and (before[-1] in INTRODUCING or before[0] in INTRODUCING):
            # "the paper that introduced Falbo": the entry itself
            self.out.roles[k] = "value"
            return Atom("@id", "eq", (rid,), self.entry_name(rid))
        modified = self._modified_noun(k)
        if modified is not None and (self.set_frame or self.selection) and self._left_out_line(k, k + 1):
            self.out.roles[k] = "value"
            line = self._line_atom(rid)  # "leaving the Falbo papers aside": Falbo and its other versions
            # ("non-Falbo models": nor what is built on it)
            non = j is not None and self.words(self.spans[j]).lower() == "non"
            built = self._built_on(k, rid) if non else None
            return Or((line, built)) if built is not None else line
        if modified is not None and (self.set_frame or self.selection):
            # "which Falbo models …": the entries the noun relates to Falbo (its field, or any mention)
            self.out.roles[k] = "value"
            key = self.p.nouns[int(modified.of("noun")[0].a)].asks
            value = f"entry:{rid}"
            if key is not None and self.holds_anywhere(key, value):
                return Atom(key, "has", (value,), self.label(key, self.entry_name(rid)))
            return Atom("@mentions", "has", (value,), f"uses {self.entry_name(rid)}")
        cmp = self.comparator(k, ENTRY_CMP_TAGS, entry=True)
        owns = self.toks[span.end - 1].possessive and span.end < len(self.toks)  # (not "… than Falbo's?")
        if cmp is not None and owns and cmp[0] in ("until", "since"):
            cmp = None  # "walk me through Falbo's recipe": the owner of what follows, not a date compared with
        if cmp is not None and cmp[0] == "between" and self._measured_between(cmp[1]):
            self.out.used.add(cmp[1])
            return None  # the entries compared are the subjects
        if cmp is not None:
            return self.relative(k, rid, cmp)
        same = self.same_as(k, rid)
        if same is not None:
            return same
        mention_fields = self.mention_fields
        sibling = self._sibling(k)  # "other than Wren and Corvid", "fine-tuned from Wren or Corvid"
        if sibling is not None and self.out.roles.get(sibling) == "relative":
            cmp = self.comparator(sibling, ENTRY_CMP_TAGS, entry=True)
            if cmp is not None:
                return self.relative(k, rid, cmp)  # "after Wren and Corvid"
        if sibling is not None and self.out.roles.get(sibling) == "value":
            first = self.spans[sibling].of("entry")[0].a if self.spans[sibling].has("entry") else None
            head = self.prev(self._list_head(sibling))
            if head is not None and self.spans[head].g("neg") and not self.spans[head].of("relation"):
                self.out.roles[k] = "value"
                return Atom("@id", "eq", (rid,), self.entry_name(rid))
            rel = self.field_for_relation(k, mention_fields)
            if rel is not None and first is not None:
                self.out.roles[k] = "value"
                return Atom(rel, "has", (f"entry:{rid}",), self.label(rel, self.entry_name(rid)))
        relation_first = (
            j is not None
            and not self.spans[j].g("yesno")  # ("whose base model isn't Falbo": a copula, not an exclusion)
            and (i := self.prev(j)) is not None
            and i not in self.out.category_spans  # "base models apart from Falbo": the set asked, not its field
            and bool(self.relation_fields(i, mention_fields))
            and not (i > 0 and self._names_something(i - 1) and self.spans[i - 1].end == self.spans[i].start)
        )  # "fine-tuned from something other than Falbo": the relation still holds, of another value (but in
        # "Wren fine-tunes besides Falbo" the relation has its value already: Falbo is left out itself)
        if (
            j is not None
            and self.spans[j].g("neg")
            and not self.spans[j].of("relation")
            and not self._postfix(k)
            and not relation_first
            and not self._inverted_negation(j)
        ):
            self.out.roles[k] = "value"
            copula = self._field_before_negated_copula(j, mention_fields, f"entry:{rid}")
            if copula is not None:
                # "a base model that isn't Falbo": the field holds a value, and not Falbo (the negation stays in the
                # reading)
                self.out.held.append(copula)
                return Atom(copula, "has", (f"entry:{rid}",), self.label(copula, self.entry_name(rid)))
            itself = Atom("@id", "eq", (rid,), self.entry_name(rid))
            article = span.start > 0 and self.toks[span.start - 1].low in ("a", "an")
            if (span.end < len(self.toks) and self.toks[span.end].low in FAMILY_WORDS) or article:
                itself = self._line_atom(rid)  # "excluding the Falbo family", "that isn't a Falbo": any version
            # ("trained without Falbo data", "built without Falbo": neither Falbo nor what uses it)
            if self.spans[j].g("unrelated") or self.words(self.spans[j]).lower() in ("without", "free of"):
                related = Atom("@mentions", "has", (f"entry:{rid}",), f"uses {self.entry_name(rid)}")
                return Or((itself, related))
            built = self._built_on(k, rid) if self.words(self.spans[j]).lower() == "non" else None
            return Or((itself, built)) if built is not None else itself
        value = f"entry:{rid}"
        sizes = sizes_in(self.words(span))
        if not sizes:
            # "13B Falbo", "the 7B/13B Falbo" (but "the 52K Falbo instructions": a number the entry's sizes do not
            # hold counts something else)
            run = [z for i in self.size_run(k) for z in sizes_in(self.words(self.spans[i]))]
            sizes = [z for z in run if self._size_of(rid, z)]
        # "which other works …", "which later project …": entries besides the one referred to, which relate to it
        others = (self.set_frame or self.selection) and any(t.low in OTHER_WORDS for t in self.toks)
        if span.g("ref") and self.words(span).lower() in ("its", "their") and not others:
            derived = self._derived_after(k, value)
            if derived is not None:
                # "its instruction-tuned version": the entries built on it
                self.out.roles[k] = "value"
                return Atom(derived, "has", (value,), self.label(derived, self.entry_name(rid)))
            own = self._own_size_after(k)
            if own is None or not self._after_relation(k):
                return None  # "what's its base model": the entry referred to is the subject (but "which other works
                # trained on its data?" asks for the works that use it)
            sizes = [own]  # "which works fine-tuned its 13B version?": that size of it, as a value of the relation
            self.out.used.add(k + 1)
        # "which model was trained with DPO on it?": the entry referred to, after a preposition, is used — when the
        # question asks for entries ("which model …"), not for a field of it ("which teacher …", "how many …")
        used = span.g("ref") and k > 0 and self.toks[span.start - 1].low in PREPOSITIONS
        used = used and self.toks[0].low in ("which", "what") and not self._after_auxiliary(k)
        used = used and len(self.toks) > 1 and any(s.kind == "noun" for s in self.lex.senses(self.toks[1].stem))
        used = used or (others and span.g("ref"))
        # "works that involve Falbo": a name a relative clause on the set's noun relates to is what its entries use
        # (not "the pool that Falbo sampled from", where the name is the subject of a clause on another noun)
        used = used or (self.set_frame and not span.g("ref") and self._object_of_clause_on_set(span.start))
        # "works on Falbo 65B", "models with Falbo inside": a name after a preposition right after the set's noun
        noun = self.spans[k - 1] if k else None
        used = used or self._material_of(k)
        used = used or (
            self.set_frame
            and noun is not None
            and (noun.has("noun") or noun.has("category"))
            and noun.end == span.start - 1
            and self.toks[span.start - 1].low in PREPOSITIONS
        )
        if not self.set_frame or self._after_auxiliary(k):
            # about one entry: only a specific relation to a field that names entries ("fine-tuned from X") makes
            # a name a value; otherwise it is the subject
            # "do both use Falbo?", "does Wren use Falbo?": with its subject before it, even a weak relation relates
            subject_before = any(
                sp.g("pair", "ref", "refs") or (sp.has("entry") and i != k) for i, sp in enumerate(self.spans[:k])
            )
            yes_no = self.toks[0].low in AUXILIARIES and subject_before
            rel = self.field_for_relation(k, mention_fields, strong_only=not yes_no)
            # "the Falbo-tuned version of it": a relation written onto the name makes it what is used
            written_on = self._hyphen_after(k) and bool(self.postfix_fields(k, mention_fields))
            if rel is None or self.loose_relation or not self.holds_anywhere(rel, value):
                if not used and not written_on:
                    return None
                self.out.roles[k] = "value"
                return Atom("@mentions", "has", (value,), f"uses {self.entry_name(rid)}")
        else:
            rel = self.field_for_relation(k, mention_fields)
            joined = self.prev(k)
            partner = self.prev(joined) if joined is not None and self.spans[joined].g("or", "and") else None
            if rel is None and partner is not None and partner in self.out.used and self._names_a_value(partner):
                # "trained on Quillset or Falbo data": the relation of the value joined to the name
                rel = self.field_for_relation(partner, mention_fields)
                used = used or rel is not None
            if rel is None and not self.selection and not used:
                return None  # "which of A and B", "compare A with B": subjects (but "trained … on it" relates)
            if rel is not None and not used and not self.loose_relation and not self._verb_may_hold(value, k):
                return None  # "which group runs Falboset?": a verb of a field that never names such an entry
            if rel is not None and (self.loose_relation or not self.holds_anywhere(rel, value)):
                rel = None  # "trained on Falbo": a field phrase, or a field that never names it: any use of it
        self.out.roles[k] = "value"
        name = self.entry_name(rid)
        sizes = [self._listed_size(rid, z) for z in sizes]
        sized = tuple(f"{value}@{z}" for z in sizes)
        if sizes:
            listed = " or ".join(filter(None, (", ".join(sizes[:-1]), sizes[-1])))
            named_size = len(sizes) == 1 and re.sub(r"\W", "", name.lower()).endswith(sizes[0].lower())
            value, name = sized[0], name if named_size else f"{name} {listed}"  # "Wren 7B", not "Wren 7B 7B"
        later = span.g("ref") and others and any(t.low in LATER_WORDS for t in self.toks)
        when = self.value_of(rid, self.p.date_field) if later and self.p.date_field else None
        if rel is None and when:
            # "which later project reused its seed tasks?": one that uses it, released after it
            mention = Atom("@mentions", "has", (value,), f"uses {name}")
            return And((mention, Atom(str(self.p.date_field), "gt", (when,), f"released after {name}")))
        values: tuple[str, ...] = sized or (value,)
        if not sizes and span.start > 0 and self.toks[span.start - 1].low == "any":
            # "don't use any Falbo model": any version of it
            line = self._line_atom(rid)
            values, name = tuple(f"entry:{i}" for i in line.values), line.label
        if rel is None:
            return Atom("@mentions", "has", values, f"uses {name}")
        if relation_first and j is not None and self.spans[j].g("neg"):
            self.out.held.append(rel)
        if sizes and self.p.fields[rel].type == "refs" and self._only(k):
            return Atom(rel, "only", values, "only " + self.label(rel, name))  # "fine-tuned only the 7B Falbo"
        return Atom(rel, "has", values, self.label(rel, name))

    def _field_before_negated_copula(self, j: int, candidates: Sequence[str], value: str) -> str | None:
        """The field whose phrase stands right before the negated copula at span j ("a base model that isn't",
        "whose training data is not"), if it can hold ``value``."""
        if not self.spans[j].g("yesno"):
            return None  # a negated copula ("is not"), not a negating word of its own ("without")
        i = self.prev(j)
        if i is not None and self.spans[i].g("ref") and self.words(self.spans[i]).lower() in ("that", "which"):
            i = self.prev(i)
        if i is None or self.spans[j].start - self.spans[i].end > 1 or i in self.out.category_spans:
            return None  # (but "base models that aren't Falbo": the set asked, not a field of it)
        fields = [s.a for s in self.spans[i].of("field") if s.a in candidates]
        return next((f for f in fields if self.holds_anywhere(f, value)), None)

    def _left_out_line(self, k: int, noun: int) -> bool:
        """Whether the name at span k and the plural noun after it are left out ("excluding the Falbo models",
        "the Falbo papers aside"): then they are those entries, not the entries that use Falbo."""
        before = self.prev(k)
        if before is not None and self.spans[before].g("neg") and self.spans[k].start - self.spans[before].end <= 1:
            return True
        after = noun + 1
        return after < len(self.spans) and self.spans[after].g("after_neg") and self._ends_clause(after)

    def _line_atom(self, rid: str) -> Atom:
        ids = tuple(self.value_of(rid, "@line") or (rid,))
        names = [self.entry_name(i) for i in ids]
        label = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
        return Atom("@id", "eq", ids, label)

    def _object_of_clause_on_set(self, start: int) -> bool:
        """Whether token ``start`` follows a verb of a relative clause ("that involve") that opens right after a noun
        or category word of the question."""
        ends = {sp.end for sp in self.spans if sp.has("noun") or sp.has("category")}
        for gap in (2, 3):
            at = start - gap
            if at >= 0 and self.toks[at].low in ("that", "which", "who") and at in ends:
                return True
        # "which models reused the Falbo data?": the object of a verb a plural noun of the set is the subject of
        # (but "which model generated the Falbo data?" asks what made that entry's data)
        verb = start - 1
        while verb > 0 and self.toks[verb].low in ("the", "a", "an", "some", "any"):
            verb -= 1
        covered = any(sp.start <= verb < sp.end for sp in self.spans)
        tok, noun = self.toks[verb], self.toks[verb - 1] if verb else None
        plural = noun is not None and noun.low != noun.stem
        return verb in ends and plural and not covered and tok.low.isalpha() and tok.low not in AUXILIARIES

    def in_group(self, key: str, value: str, groups: Sequence[str | float]) -> bool:
        """Whether vocabulary value ``value`` of field ``key`` belongs to one of the ``group:`` values."""
        vocab = self.lex.vocabs.get(self.p.fields[key].vocabulary or "")
        entry = vocab.entries.get(value) if vocab is not None else None
        return entry is not None and any(f"group:{g}" in groups for g in entry.groups)

    def _names_something(self, k: int) -> bool:
        return any(self.spans[k].has(kind) for kind in ("entry", "value", "group"))

    def _sibling(self, k: int) -> int | None:
        """The name before span k in a list joined by and/or, commas or slashes ("Wren or Corvid", "Wren, Corvid and
        Falbo"), if any."""
        j = self.prev(k)
        if j is not None and self.spans[j].has("entry") and any(c in self._between(j, k) for c in ",/"):
            return j
        if j is None or not self.spans[j].g("and", "or", "nor"):
            return None
        i = self.prev(j)
        return i if i is not None and self.spans[i].has("entry") else None

    def _list_head(self, k: int) -> int:
        """The first name of the list span k belongs to (k itself when it is in none)."""
        seen = {k}
        while (i := self._sibling(k)) is not None and i not in seen:
            seen.add(i)
            k = i
        return k

    def _between(self, a: int, b: int) -> str:
        """The text written between span a and span b."""
        return self.text[self.toks[self.spans[a].end - 1].end : self.toks[self.spans[b].start].start]

    def _purpose(self, k: int) -> bool:
        """ "used it to train a chat model": a noun in a purpose clause says what for, not which entries."""
        i = self.spans[k].start - 1
        while i >= 0 and self.toks[i].low in ("a", "an", "the", "their", "its", "new"):
            i -= 1
        return i >= 1 and self.toks[i - 1].low == "to" and self.toks[i].low.isalpha()

    def _modified_noun(self, k: int) -> Span | None:
        """The plural noun a name is written before ("Falbo models"), if any."""
        nxt = self.spans[k + 1] if k + 1 < len(self.spans) else None
        if nxt is None or nxt.start != self.spans[k].end or not nxt.has("noun") or self._relation_before(k):
            return None
        last = self.toks[nxt.end - 1]
        return nxt if last.low != last.stem else None

    def _relation_before(self, k: int) -> bool:
        j = self.prev(k)
        return j is not None and bool(self.spans[j].of("relation"))

    def _material_of(self, k: int) -> bool:
        """ "which one was seeded with Falbo passages?": a name written before a word of a field's stored values
        names material taken from that entry, in a question that asks for entries; the entry is used, not asked
        about."""
        nxt = self.spans[k + 1] if k + 1 < len(self.spans) else None
        if nxt is None or nxt.start != self.spans[k].end or not all(s.kind == "word" for s in nxt.senses):
            return False
        if self.toks[nxt.start].low.endswith(("ed", "ing")):
            return False  # "the recipe Falbo established": a verb of the name, not material
        asks_entries = self.set_frame or self.selection or self.toks[0].low == "which"
        return asks_entries and not self._after_auxiliary(k) and not self.toks[self.spans[k].end - 1].possessive

    def _postfix(self, k: int) -> bool:
        """A relation written right after the name ("Falbo-based")."""
        return bool(self.postfix_fields(k, list(self.p.fields)))

    def _after_relation(self, k: int) -> bool:
        j = self.prev(k)
        return j is not None and bool(self.spans[j].of("relation") or self.spans[j].g(*ENTRY_CMP_TAGS))

    def _inverted_negation(self, j: int) -> bool:
        """ "why can't Falbo be used …?", "isn't it open?": a negated auxiliary put before its subject; the negation
        belongs to what follows the subject, not to the subject."""
        span = self.spans[j]
        if not span.g("neg"):
            return False
        aux = span.start
        if self.toks[aux].low == "not" and aux > 0:
            aux -= 1  # "why is" read as one phrase, "not" as another
        if self.toks[aux].low not in AUXILIARIES:
            return False
        return all(t.low in _OPENING_ADVERBS for t in self.toks[:aux])

    def _negative_yes_no(self, j: int) -> bool:
        """ "isn't Falbo open?", "doesn't it use Wren?": a negated auxiliary opening a yes/no question asks whether
        the claim holds, as the question without the negation does."""
        return self._inverted_negation(j) and not any(t.low in ("why", "how") for t in self.toks[: self.spans[j].end])

    def _after_auxiliary(self, k: int) -> bool:
        """ "did (the original) Corvid …", "Corvid's …": the name is the grammatical subject."""
        span = self.spans[k]
        if self.toks[span.end - 1].possessive:
            # (but "used Falbo's data": the owner of what a relation verb takes is its object)
            return not (k and self.spans[k - 1].end == span.start and self.spans[k - 1].of("relation"))
        covered = {i for sp in self.spans[:k] if sp.has("relation") or sp.has("field") for i in range(sp.start, sp.end)}
        for i in range(span.start - 1, max(-1, span.start - 5), -1):
            if i in covered:
                return False
            if self.toks[i].low in AUXILIARIES:
                return True
        return False

    def between_entries(self, k: int, rid: str) -> Cond | None:
        """ "between Falbo 2 and Corvid": released after the first and before the second."""
        j = self.prev(k)
        date_key = self.p.date_field
        if j is None or not self.spans[j].g("between") or date_key is None:
            return None
        if any(sp.g("elapsed") for sp in self.spans):
            return None  # "how much time passed between Falbo and Wren": the two dates compared, not a range
        if self._measured_between(j):
            return None
        and_k = self.next(k)
        noun = (
            and_k is not None
            and self.spans[and_k].start == self.spans[k].end
            and self.spans[and_k].end - self.spans[and_k].start == 1
            and any(self.spans[and_k].has(x) for x in ("noun", "field", "category"))
        )
        if noun:  # "between the Falbo paper and Wren": a noun saying what the name is
            and_k = self.next(and_k)  # type: ignore[arg-type]
        if and_k is None or not self.spans[and_k].g("and"):
            return None
        other_k = self.next(and_k)
        if other_k is None or not self.spans[other_k].has("entry"):
            return None
        other = self.spans[other_k].of("entry")[0].a
        first, last = sorted([self.value_of(rid, date_key) or "", self.value_of(other, date_key) or ""])
        if not first:
            return None
        for idx, role in ((k, "relative"), (other_k, "relative")):
            self.out.roles[idx] = role
        self.out.used.update({j, k, and_k, other_k})
        self.out.relative += [rid, other]
        names = f"{self.entry_name(rid)} and {self.entry_name(other)}"
        return And((Atom(date_key, "gt", (first,), f"released after {first}"),
                    Atom(date_key, "lt", (last,), f"before {last} (between {names})")))  # fmt: skip

    def _measured_between(self, j: int) -> bool:
        """ "the difference in data size between Falbo and Wren": "between" after a difference or a field other
        than the date compares the entries after it on that field; it is no range of dates."""
        date_key = self.p.date_field
        measured = any(
            s.a != date_key for sp in self.spans[:j] for s in sp.senses if s.kind in ("field", "unit", "adj")
        )
        return measured or asks_difference(self.toks[: self.spans[j].start])

    def relative(self, k: int, rid: str, cmp: tuple[str, int]) -> Cond | None:
        tag, j = cmp
        self.out.roles[k] = "relative"
        self.out.used.update({j, k})
        self.out.relative.append(rid)
        name = self.entry_name(rid)
        date_key = self.p.date_field
        adj = [s for idx in range(j, k) for s in self.spans[idx].of("adj")]
        if tag in DATE_TAGS or any(s.a == date_key for s in adj):
            if date_key is None:
                return None
            when = self.value_of(rid, date_key)
            if not when:
                return None
            op = {"before": "lt", "after": "gt", "since": "ge", "until": "le"}.get(tag, "eq")
            if adj and tag in ("gt", "lt"):
                op = "lt" if adj[0].b == "asc" else "gt"
            words = {"lt": "before", "gt": "after", "ge": "in or after", "le": "in or before", "eq": "in"}[op]
            return Atom(date_key, op, (when,), f"released {words} {name} ({when})")  # type: ignore[arg-type]
        key = self._measure_between(j, k, rid)
        if key is None:
            return None
        numbers = self.value_of(rid, f"@numbers:{key}")
        if not numbers:
            return None
        more = tag in ("gt", "ge", "atleast")
        ref = max(numbers) if more else min(numbers)
        bound = tag in ("atleast", "atmost")  # "at least as many as": its amount counts too
        than = {"atleast": "at least as much as", "atmost": "at most as much as"}
        label = f"{self.p.label(key).lower()}: {than.get(tag, 'more than' if more else 'less than')} {name}"
        bounded: Literal["ge", "le", "gt", "lt"] = ("ge" if more else "le") if bound else ("gt" if more else "lt")
        return Atom(key, bounded, (ref,), f"{label} ({format_count(ref)})", agg="max" if more else "min")

    def _measure_between(self, j: int, k: int, rid: str) -> str | None:
        numeric = self.p.fields_of("quantity", "sizes")
        # a field or unit named with the comparison ("more tokens than", "larger than Corvid in parameters"), then
        # the noun of what is compared ("Wren's dataset is larger than …"), then the adjective's own fields
        for idx in [*range(j, k), *range(k + 1, min(k + 4, len(self.spans)))]:
            for sense in self.spans[idx].senses:
                if sense.kind in ("field", "unit") and sense.a in numeric:
                    return sense.a
        adjectives = {s.a for i in range(j, k) for s in self.spans[i].of("adj")}
        for idx in [*range(j, k), *range(k + 1, min(k + 4, len(self.spans)))]:
            for sense in self.spans[idx].of("field"):
                if self.p.fields[sense.a].measure in numeric:
                    return self.p.fields[sense.a].measure  # "a bigger training set than Wren": its size
        for span in self.spans[:k]:
            for sense in span.of("noun"):
                measure = self.p.nouns[int(sense.a)].measure
                if measure in numeric and (not adjectives or measure in adjectives):
                    return measure
        for span in self.spans[:j]:
            for sense in span.of("field"):
                # "is Wren's SFT mixture larger than Corvid's?": the number that measures the field compared
                measure = self.p.fields[sense.a].measure
                if measure in numeric and (not adjectives or measure in adjectives):
                    return measure
        for idx in range(j, k):
            for sense in self.spans[idx].senses:
                if sense.kind == "adj" and sense.a in numeric:
                    return sense.a
        for key in numeric:
            if self.value_of(rid, f"@numbers:{key}"):
                return key
        return None

    def same_as(self, k: int, rid: str) -> Cond | None:
        """ "the same base model as Corvid", "the same month as Wren": a value shared with another entry."""
        j = self.prev(k)
        if j is None or not self.spans[j].g("as"):
            return None
        for idx in range(j - 1, max(-1, j - 4), -1):
            span = self.spans[idx]
            fields = [s.a for s in span.of("field") + span.of("relation")]
            if not fields or not any(self.spans[i].g("same") for i in range(max(0, idx - 2), idx + 1)):
                continue
            key = fields[0]
            self.out.roles[k] = "relative"
            self.out.used.update({idx, j, k})
            self.out.relative.append(rid)
            return self._shared(key, rid, span)
        return None

    def _shared(self, key: str, rid: str, span: Span | None = None) -> Cond | None:
        """Entries whose field ``key`` shares a value with entry ``rid``'s (a date: the same month, or the same year
        when the field's words in ``span`` say "year")."""
        name = self.entry_name(rid)
        if self.p.fields[key].type == "date":
            when = self.value_of(rid, key)
            if when and span is not None and "year" in self.words(span).lower().split():
                year = str(when)[:4]
                return Atom(key, "between", (f"{year}-01", f"{year}-12"), f"released the same year as {name} ({year})")
            return Atom(key, "between", (when, when), f"released the same month as {name} ({when})") if when else None
        if self.p.fields[key].type in ("quantity", "sizes"):
            # "the same number of tokens as Corvid": one of its numbers, exactly
            numbers = self.value_of(rid, f"@numbers:{key}") or []
            label = f"{self.p.label(key).lower()} the same as {name}'s ({', '.join(format_count(n) for n in numbers)})"
            same = [Atom(key, "between", (n, n), label) for n in numbers]
            return (same[0] if len(same) == 1 else Or(tuple(same))) if same else None
        values = self.value_of(rid, f"@canon:{key}")
        named = [v for v in values or () if not str(v).startswith(("w:", "raw:"))]
        values = named or values  # canonical values and entries, not every word of the stored text
        if not values:
            return None
        shown = ", ".join(self.entry_name(v[6:]) if str(v).startswith("entry:") else str(v) for v in values)
        return Atom(key, "has", tuple(values), f"{self.p.label(key).lower()} shared with {name} ({shown})")

    def same_without_as(self, k: int) -> Cond | None:
        """ "which other assistants used the same teacher?": the same value as the entry in focus."""
        span = self.spans[k]
        if self.focus is None or not span.g("same"):
            return None
        for idx in range(k + 1, min(k + 3, len(self.spans))):
            fields = [s.a for s in self.spans[idx].of("field")]
            if not fields:
                continue
            if idx + 1 < len(self.spans) and self.spans[idx + 1].g("as"):
                return None  # "the same teacher as Wren": read with Wren
            self.out.used.add(idx)
            self.out.relative.append(self.focus)
            return self._shared(fields[0], self.focus, self.spans[idx])
        # "which other models are built the same way?" right after one field of it was answered: that field
        after = [t.low for t in self.toks[span.end : span.end + 2]]
        simple = len(self.asked) == 1 and self.p.fields[self.asked[0]].type in ("enum", "category", "names", "refs")
        if simple and after[:1] and after[0] in SAME_GENERIC and not self._names_after(k):
            self.out.relative.append(self.focus)
            return self._shared(self.asked[0], self.focus)
        return None

    def _names_after(self, k: int) -> bool:
        """Whether a field, an entry or a value is named after span k."""
        return any(sp.has("field") or sp.has("entry") or sp.has("value") for sp in self.spans[k + 1 :])

    def atom_for_value(self, k: int) -> Cond | None:
        span = self.spans[k]
        self.asserted = False
        senses = span.of("value") + span.of("group")
        by_vocab: dict[str, list[Sense]] = {}
        for sense in senses:
            by_vocab.setdefault(sense.a, []).append(sense)
        candidates = [f for f, s in self.p.fields.items() if s.vocabulary in by_vocab]
        if not candidates:
            return None
        rel = self.field_for_relation(k, candidates)
        if rel is None:
            rel = self._field_by_next_word(k, candidates)
        if rel is None:
            asked = [s.a for sp in self.spans for s in sp.of("field") + sp.of("part") if s.a in candidates]
            rel = asked[0] if asked else candidates[0]
        # "a non-Acme teacher": the negation is inside the noun phrase, so there is such a teacher
        before = self.prev(k)
        if before is not None and self.toks[self.spans[before].start].low == "non":
            words = {w for w in self.p.fields[rel].words if " " not in w}
            after = [t.low for t in self.toks[span.start + 1 : span.end + 1]]
            self.asserted |= bool(words & set(after))
        vocab = self.p.fields[rel].vocabulary or ""
        # ("Acme", a spelling of one value and the first word of another's, "Acme Foo": the value it spells)
        spelt = self.lex.vocabs[vocab].by_key.get(name_key(self.words(span))) if vocab in self.lex.vocabs else None
        chosen = next((s for s in by_vocab[vocab] if s.kind == "value" and s.b == spelt), by_vocab[vocab][0])
        self.out.roles[k] = "value"
        value = f"group:{chosen.b}" if chosen.kind == "group" else chosen.b
        shown = self.words(span) if chosen.kind == "group" else chosen.b
        parts = self.parts_near(k, rel)
        if len(parts) > 1:
            # "both the code and the weights are MIT": each part; "the code or the weights": either
            atoms = tuple(Atom(rel, "has", (f"{p}:{value}",), self.label(rel, shown) + f" ({p})") for p in parts)
            either = any(sp.g("or", "either") for sp in self.spans[max(0, k - 6) : k + 4])
            return Or(atoms) if either else And(atoms)
        if parts:
            part = parts[0]
            return Atom(rel, "has", (f"{part}:{value}",), self.label(rel, shown) + f" ({part})")
        if self._only(k) and self.p.fields[rel].type == "names":
            # "purely from universities": every value it records is one of them
            return Atom(rel, "only", (value,), "only " + self.label(rel, shown))
        return Atom(rel, "has", (value,), self.label(rel, shown))

    def _plural_after(self, k: int) -> bool:
        """ "which university groups": a plural word of the same field right after the field phrase."""
        if k + 1 >= len(self.spans) or self.spans[k + 1].start != self.spans[k].end:
            return False
        nxt = self.spans[k + 1]
        last = self.toks[nxt.end - 1]
        same = {s.a for s in nxt.of("field")} & {s.a for s in self.spans[k].of("field")}
        return bool(same) and last.low != last.stem

    def _group_asked(self, k: int) -> Cond | None:
        """ "which university groups …", "what company released …": a field phrase holding a word that names a group
        of the field's values asks for values of that group only."""
        span = self.spans[k]
        for key in dict.fromkeys(s.a for s in span.of("field")):
            vocab = self.p.fields[key].vocabulary
            if not vocab:
                continue
            for i in range(span.start, span.end):
                for j in range(span.end, i, -1):
                    stems = [t.stem for t in self.toks[i:j]]
                    groups = [s for s in self.lex.senses(*stems) if s.kind == "group" and s.a == vocab]
                    if groups:
                        shown = " ".join(t.text for t in self.toks[i:j])
                        return Atom(key, "has", (f"group:{groups[0].b}",), self.label(key, shown))
        return None

    def _field_by_next_word(self, k: int, candidates: Sequence[str]) -> str | None:
        """ "without Acme data", "Acme-generated": of the fields a value could belong to, the one whose own phrases
        use the word written right after it."""
        end = self.spans[k].end
        if end >= len(self.toks) or len(candidates) < 2:
            return None
        word = self.toks[end].low
        for key in candidates:
            spec = self.p.fields[key]
            if any(word in phrase.split() for phrase in [*spec.words, *spec.relation]):
                return key
        return None

    def parts_near(self, k: int, key: str) -> list[str]:
        """The parts of a license or links field named near a value ("data released under MIT" -> data; "the code
        and the weights are MIT" -> code, weights: parts joined by and/or count together)."""
        if not self.p.fields[key].parts:
            return []
        found: list[tuple[int, str]] = []
        for idx in range(max(0, k - 6), min(len(self.spans), k + 3)):
            for sense in self.spans[idx].of("part"):
                if sense.a == key and sense.b not in [p for _, p in found]:
                    found.append((idx, sense.b))
        if not found:
            return self._part_of_set(k, key)
        nearest = min(found, key=lambda f: abs(f[0] - k))
        joined = [nearest]
        for idx, part in found:
            if part == nearest[1]:
                continue
            lo, hi = sorted((idx, nearest[0]))
            if any(self.spans[i].g("and", "or", "nor") for i in range(lo + 1, hi)) and hi - lo <= 3:
                joined.append((idx, part))
        return [p for _, p in sorted(joined)]

    def _part_of_set(self, k: int, key: str) -> list[str]:
        """ "which preference datasets are released under MIT": the part the set's own noun names (a dataset's
        license is its data license), when no part is named near the value."""
        words = self.p.fields[key].part_words
        for span in self.spans[:k]:
            if span.has("category") or span.has("noun"):
                last = self.toks[span.end - 1]
                parts = [part for part, phrases in words.items() if any(stem(w) == last.stem for w in phrases)]
                if len(parts) == 1:
                    return parts
        return []

    def atom_for_enum(self, k: int) -> Cond | None:
        sense = self.spans[k].of("enum")[0]
        spec = self.p.fields[sense.a]
        values = tuple(sense.b.split(","))
        shown = " or ".join(
            (v.label if v is not None and v.label else name)
            for name in values
            for v in [self.p.enum_value(sense.a, name)]
        )
        if spec.multiple and self._only(k):
            return Atom(sense.a, "only", values, self.label(sense.a, f"only {shown}"))
        return Atom(sense.a, "has" if spec.multiple else "eq", values, self.label(sense.a, shown))

    def _negating_verb_or_value(self, k: int) -> tuple[Cond, set[int]] | None:
        """ "models that forbid or restrict commercial use": a negating verb and a value of a one-valued field joined
        by "or" before that field's phrase: the field's first value denied, or that value."""
        nxt = [k + 1, k + 2, k + 3]
        if nxt[-1] >= len(self.spans) or not self.spans[nxt[0]].g("or"):
            return None
        value = self.spans[nxt[1]]
        field_span = self.spans[nxt[2]]
        keys = {s.a for s in value.of("enum")} & {s.a for s in field_span.of("field")}
        if not keys:
            return None
        key = next(iter(keys))
        if self.p.fields[key].multiple:
            return None
        first = self.p.fields[key].values[0]
        denied = Atom(key, "eq", (first.value, *first.also), self.label(key, " or ".join((first.value, *first.also))))
        enum = self.atom_for_enum(nxt[1])
        assert enum is not None
        return Or((Not(denied), enum)), set(nxt)

    def conceded(self, k: int) -> bool:
        """Whether span k follows "even" ("even with conditions", "even if only with restrictions")."""
        i = self.spans[k].start - 1
        skipped = ("if", "only", "just", "when", "though", "partly", "with", "some", "a", "few", "certain", "under")
        while i >= 0 and self.toks[i].low in skipped:  # ("even if with some restrictions")
            i -= 1
        return i >= 0 and self.toks[i].low == "even"

    def _only(self, k: int, key: str | None = None) -> bool:
        """ "purely from Wren data", "released only at 7B", "only come in sizes under 10B": no other value than the
        one named (words of its own field ``key`` may stand between)."""
        for i in range(self.spans[k].start - 1, max(-1, self.spans[k].start - (7 if key else 5)), -1):
            span = self._span_covering(i)
            if span is not None and span.g("only"):
                return True
            if span is not None and span.number is not None and span.end == self.spans[k].start:
                continue  # "only the 7B Falbo": the size written onto the name
            own = span is not None and key is not None and any(s.a == key for s in span.of("field"))
            if span is not None and not own and any(s.kind not in ("relation", "g", "noun") for s in span.senses):
                return False  # another value or field lies between ("only used models of 13B": a noun may)
        return False

    def _rest_of_phrase(self, k: int, last_word: list[int], atoms: list[Cond]) -> bool:
        """Whether span k continues the stored phrase whose rare word made the last condition, with a word too common
        in that field to select by itself (so it was taken for another field's)."""
        previous = atoms[-1] if atoms else None
        if not (last_word and last_word[0] >= k - 2 and isinstance(previous, Atom) and previous.op in ("has", "all")):
            return False
        word = self.toks[self.spans[k].start].low
        return previous.field not in {s.a for s in self.spans[k].of("word")} and word in self.lex.field_words.get(
            previous.field, set()
        )

    def atom_for_word(self, k: int, phrase_field: str | None = None) -> Atom:
        """A rare word that stored values use ("drew on ChatLogz conversations"), in a question about a set; a word
        right after one of ``phrase_field``'s continues that phrase ("masked … modelling")."""
        span = self.spans[k]
        word = self.toks[span.start].low
        fields = [s.a for s in span.of("word")]  # the caller checked there is one
        rel = phrase_field if phrase_field in fields else self.field_for_relation(k, fields) or fields[0]
        return Atom(rel, "has", (f"w:{word}",), self.label(rel, self.words(span)))

    def _size_of(self, rid: str, size: str) -> bool:
        """Whether an entry has that size, or another entry's values name it at that size ("Falbo 30B" written for
        a model whose own card says 33B)."""
        return size in self.lex.entry_sizes.get(rid, ()) or any(
            self.holds_anywhere(f, f"entry:{rid}@{size}") for f in self.mention_fields
        )

    def _joins_sizes(self, k: int) -> bool:
        """Whether the "or" at span k stands between sizes written before a name ("the 7B or 13B Falbo")."""
        return any(i < k for i in self._size_run_after(k))

    def _size_run_after(self, k: int) -> list[int]:
        """The sizes written before the first name after span k (within a few spans), as ``size_run`` gives them."""
        after = next((j for j in range(k + 1, min(k + 6, len(self.spans))) if self.spans[j].has("entry")), None)
        return self.size_run(after) if after is not None else []

    def size_run(self, k: int) -> list[int]:
        """The spans of the sizes written right before the name at span k, joined by "/", "," or "or" ("13B Falbo",
        "the 7B/13B Falbo", "a 7B, 13B or 33B Falbo")."""
        run: list[int] = []
        i, after = k - 1, self.spans[k].start
        while i >= 0:
            sp = self.spans[i]
            between = self.text[self.toks[sp.end - 1].end : self.toks[after].start].strip()
            if sp.g("or") and sp.end == after and run:
                i, after = i - 1, sp.start
                continue
            if sp.number is None or not sp.suffix or not sizes_in(self.words(sp)) or between not in ("", "/", ","):
                break
            if sp.end != after:
                break
            run.append(i)
            i, after = i - 1, sp.start
        return run[::-1]

    def atom_for_number(self, k: int) -> Cond | None:
        span = self.spans[k]
        assert span.number is not None
        nxt = self.next(k)
        if nxt is not None and self.spans[nxt].has("entry") and span.suffix and self.spans[nxt].start == span.end:
            return None  # "a 13B Falbo version": the size of that entry, read with it
        before = self.prev(k)
        if self.words(span).lower() == "one" and before is not None and self.spans[before].has("adj"):
            return None  # "the bigger one", "the newest one": a pronoun after the adjective, not a number
        if k in self._size_run_after(k):
            return None  # "the 7B/13B Falbo", "a 7B or 13B Falbo": sizes of the entry named after them
        limit = span.start > 0 and self.toks[span.start - 1].low in LIMIT_BEFORE and not span.suffix
        if limit and span.number == int(span.number) and self._comparison(k) is None:
            return None  # "which 2 base models are the largest?", "the top 3": how many entries are asked for
        counted = self._counted_values(k)
        if counted is not None:
            return counted
        key, units = self._number_field(k)
        if key is None:
            return None
        number = span.number
        spec = self.p.fields[key]
        unit = (units[0] if len(units) == 1 else (" or ".join(units) if len(units) <= 3 else "")) if units else ""
        noun = unit or (spec.unit_words[0] if spec.unit_words else "")
        shown = f"{format_count(number)}" + (f" {noun}" if noun else "")
        cmp = self._comparison(k)
        upper = self._range_end(k)
        if upper is not None and cmp is None:
            # "in the 500M-1B range", "7B to 13B": a value between the two
            lo, hi = sorted((number, upper))
            label = f"{self.p.label(key).lower()} between {format_count(lo)} and {format_count(hi)}"
            return Atom(key, "between", (lo, hi), label + (f" {noun}" if noun else ""), units=tuple(units))
        if cmp is None:
            # "a 7B model", "in a 13B size": a size the entry has (only when entries are being selected)
            scaled = span.suffix in ("b", "m")  # "at 7B": a scale suffix says parameters
            if spec.type == "sizes" and self.set_frame and (units or self._unit_after(k, key) or scaled):
                # as precise as written: "7B" is 6.5B to 7.5B, "650M" is 649.5M to 650.5M
                half = 0.5 * span.step
                lo, hi = number - half, number + half
                if self._only(k):
                    label = f"{self.p.label(key).lower()} only {shown}"
                    return Atom(key, "between", (lo, hi), label, agg="every", units=tuple(units))
                return Atom(
                    key, "between", (lo, hi), f"{self.p.label(key).lower()} include {shown}", units=tuple(units)
                )
            if spec.type == "quantity" and self.set_frame and units:
                # "which works used 1,000 examples?": that amount, as precise as written but within 5 % ("1T" is
                # not anything from 0.5T to 1.5T)
                # "2.58M" may be 2,585,615 cut short rather than rounded: up to a whole last digit above
                half = min(0.5 * span.step, 0.05 * number)
                above = min(span.step, 0.05 * number)
                return Atom(key, "between", (number - half, number + above), f"{self.p.label(key).lower()} {shown}",
                            units=tuple(units))  # fmt: skip
            return None
        tag, j = cmp
        self.out.used.add(j)
        if tag == "between":
            other = self._second_number(k)
            if other is None:
                return None
            lo, hi = sorted((number, other))
            return Atom(key, "between", (lo, hi), f"{self.p.label(key).lower()} between {format_count(lo)} and "
                        f"{format_count(hi)}" + (f" {noun}" if noun else ""), units=tuple(units))  # fmt: skip
        op = NUMBER_OPS.get(tag)
        if op is None:
            return None
        reach = self.toks[self.spans[j].start - 1].low if self.spans[j].start else ""
        if op == "le" and reach in REACHING and self.p.fields[key].type == "sizes":
            # "a family that goes up to 6.4B": its largest size is that one
            half = 0.5 * span.step
            label = f"largest {self.p.label(key).lower()} {shown}"
            return Atom(key, "between", (number - half, number + half), label, agg="max", units=tuple(units))
        words = {"gt": "over", "ge": "at least", "lt": "under", "le": "at most"}[op]
        agg = "max" if op in ("gt", "ge") else "min"
        label = f"{self.p.label(key).lower()} {words} {shown}"
        if self._each_value(k, key) or (self.p.fields[key].type == "sizes" and self._only(k, key)):
            # "under 10B in every released size", "whose every size is below 10B", "only used models of 13B or
            # smaller": each of its values, not one of them
            return Atom(key, op, (number,), f"{label} (every one)", agg="every", units=tuple(units))  # type: ignore[arg-type]
        return Atom(key, op, (number,), label, agg=agg, units=tuple(units))  # type: ignore[arg-type]

    def _each_value(self, k: int, key: str) -> bool:
        """Whether "every", "each" or "all" before a word of field ``key`` follows the number at span k ("under 10B in
        every released size", "in all their sizes")."""
        spec = self.p.fields[key]
        field_stems = {stem(w) for phrase in (*spec.words, *spec.unit_words) for w in tokens(phrase)}
        rest = self.toks[self.spans[k].end :]
        for i, tok in enumerate(rest):
            if tok.low in ("every", "each", "all") and any(t.stem in field_stems for t in rest[i + 1 : i + 4]):
                return True
        before = self.toks[max(0, self.spans[k].start - 6) : self.spans[k].start]
        for i, tok in enumerate(before):  # "whose every size is below 10B"
            if tok.low in ("every", "each") and any(t.stem in field_stems for t in before[i + 1 : i + 3]):
                return True
        return False

    def _counted_one(self, k: int) -> bool:
        """Whether "one" at span k counts ("more than one", "only one", "exactly one"), not stands for a thing."""
        before = self.toks[self.spans[k].start - 1].low if self.spans[k].start else ""
        return self.comparator(k) is not None or before in ("only", "exactly", "just", "single")

    def _comparison(self, k: int) -> tuple[str, int] | None:
        """The comparison of the number at span k: written before it ("more than 7B"), else after ("7B or more")."""
        cmp = self.comparator(k)
        if cmp is None or cmp[0] == "in":
            cmp = self.post_comparator(k)
        if cmp is None and self._char_after(k) == "+":
            cmp = ("ge", k)  # "100B+": that or more
        return cmp

    def _counted_values(self, k: int) -> Cond | None:
        """ "come in three or more sizes", "with at least 2 base models": a whole number before the plural word of a
        field with several values counts its values (a unit word alone, "3 parameters", is a quantity)."""
        span = self.spans[k]
        number = span.number
        if number is None or span.suffix or number != int(number) or not 1 <= number <= 100:
            return None
        if span.end < len(self.toks) and self.toks[span.end].low == "of":
            return None  # "one of the organisations": a part of them, not how many there are
        idx = k + 1
        while idx < len(self.spans) and self.spans[idx].g(*CMP_TAGS) and not self.spans[idx].has("field"):
            idx += 1
        while idx < len(self.spans) and self.toks[self.spans[idx].start].low in COUNT_FILLERS:
            idx += 1
        fields = []
        for j in (idx, idx + 1):
            if j >= len(self.spans) or (j > idx and self.spans[j].start != self.spans[j - 1].end):
                break
            spec_keys = [
                s.a for s in self.spans[j].of("field") if self.p.fields[s.a].type in ("sizes", "names", "refs")
            ]
            units = {s.a for s in self.spans[j].of("unit")}
            # ("more than one size", "only one size": after "one" the singular; but "the biggest one trained on" counts
            # nothing)
            plural = self.toks[self.spans[j].end - 1].low.endswith("s") or (number == 1 and self._counted_one(k))
            fields += [(key, j) for key in spec_keys if key not in units and plural]
        if not fields:
            return None
        key, j = fields[0]
        cmp = self._comparison(k)
        op = NUMBER_OPS.get(cmp[0]) if cmp else None
        self.out.used.update(range(k + 1, j + 1))
        if cmp:
            self.out.used.add(cmp[1])
        label = " ".join(self.words(self.spans[i]) for i in range(idx, j + 1))
        if op is None:
            return Atom(key, "between", (number, number), f"exactly {format_count(number)} {label}", agg="count")
        words = {"gt": "more than", "ge": "at least", "lt": "fewer than", "le": "at most"}[op]
        return Atom(key, op, (number,), f"{words} {format_count(number)} {label}", agg="count")  # type: ignore[arg-type]

    def _range_end(self, k: int) -> float | None:
        """The number closing a range that starts at span k ("500M-1B", "7B to 13B"), marked as used."""
        nxt = k + 1
        if nxt >= len(self.spans) or self.spans[nxt].number is None:
            return None
        gap = self.text[self.toks[self.spans[k].end - 1].end : self.toks[self.spans[nxt].start].start].strip().lower()
        if gap not in ("-", "–", "to", "—"):
            return None
        self.out.used.add(nxt)
        return self.spans[nxt].number

    def _second_number(self, k: int) -> float | None:
        for idx in range(k + 1, min(len(self.spans), k + 4)):
            if self.spans[idx].number is not None:
                self.out.used.add(idx)
                return self.spans[idx].number
        return None

    def _unit_after(self, k: int, key: str) -> bool:
        """A unit or a noun measured by ``key`` right after a number: "a 7B model", "13B parameters"."""
        j = self.next(k)
        if j is None:
            return False
        nouns = [self.p.nouns[int(s.a)].measure for s in self.spans[j].of("noun")]
        return self.spans[j].has("unit") or key in nouns

    def _number_field(self, k: int) -> tuple[str | None, list[str]]:
        """The numeric field a number is about: by the unit after it (or after the number that closes the same
        condition: "more than 100K but fewer than 500K instances"), the nouns and field words around, its suffix."""
        numeric = self.p.fields_of("quantity", "sizes")
        found = self._unit_field(k, numeric)
        if found is None:
            for idx in range(k + 1, min(len(self.spans), k + 5)):
                if self.spans[idx].number is not None:
                    found = self._unit_field(idx, numeric)
                    break
                if not all(sense.kind == "g" for sense in self.spans[idx].senses):
                    break  # only "and", "but", comparisons may stand between the two numbers of one condition
        return found if found is not None else self._fallback_field(k, numeric)

    def _unit_field(self, k: int, numeric: list[str]) -> tuple[str, list[str]] | None:
        """The field and units named by a unit word right after the number at span k."""
        for idx in range(k + 1, min(len(self.spans), k + 4)):
            if self.spans[idx].start - self.spans[idx - 1].end > 2:
                break
            for sense in self.spans[idx].of("unit"):
                if sense.a in numeric:
                    self.out.used.add(idx)
                    spec = self.p.fields[sense.a]
                    if not sense.b:
                        return sense.a, [u.name for u in spec.units if u.examples]
                    # a unit counting the same things as another ("sequences", "proteins") compares with both
                    units = self.p.same_units(sense.a, sense.b)
                    # "100 million sequences/proteins", "sequences or proteins": either unit
                    nxt = idx + 1
                    while nxt < len(self.spans) and self.spans[nxt].start - self.spans[nxt - 1].end <= 1:
                        gap = self.text[
                            self.toks[self.spans[nxt - 1].end - 1].end : self.toks[self.spans[nxt].start].start
                        ]
                        more = [u.b for u in self.spans[nxt].of("unit") if u.a == sense.a and u.b]
                        joined = gap.strip() in ("/", ",") or self.spans[nxt].g("or")
                        if self.spans[nxt].g("or") and nxt + 1 < len(self.spans):
                            more = [u.b for u in self.spans[nxt + 1].of("unit") if u.a == sense.a and u.b]
                            nxt += 1
                        if not (joined and more):
                            break
                        self.out.used.add(nxt)
                        units += more
                        nxt += 1
                    return sense.a, units
        return None

    def _fallback_field(self, k: int, numeric: list[str]) -> tuple[str | None, list[str]]:
        near = [s.a for sp in self.spans for s in sp.senses if s.kind in ("field", "adj") and s.a in numeric]
        nouns = [self.p.nouns[int(s.a)].measure for sp in self.spans for s in sp.of("noun")]
        suffix = self.spans[k].suffix
        sizes = self.p.fields_of("sizes")
        if suffix in ("b", "m") and sizes and not any(self.p.fields[n].type == "quantity" for n in near):
            return sizes[0], []
        after = self.toks[self.spans[k].end].low if self.spans[k].end < len(self.toks) else ""
        if suffix in ("b", "m") and sizes and after in SIZE_NOUNS:
            return sizes[0], []  # "a 7B version", "the 65B checkpoint"
        end = self.spans[k].end
        measures = any(sp.start <= end < sp.end and (sp.has("unit") or sp.has("field")) for sp in self.spans)
        if after.isalpha() and not suffix and not measures:
            return None, []  # "from over 13,500 volunteers": the number counts a thing no field measures
        for key in [*(n for n in nouns if n in numeric), *near]:
            return key, []
        if suffix in ("b", "m") and sizes:
            return sizes[0], []
        return (numeric[0] if numeric else None), []

    def _own_date_field(self, k: int) -> tuple[str, int] | None:
        """Another date field named just before a date ("a paper dated 2025", "paper date after 2024"), whose value
        the date is compared with instead of the entry's date, and the span that names it."""
        j, seen = self.prev(k), 0
        while j is not None and seen < 2:
            keys = [s.a for s in self.spans[j].of("field") if self.p.fields[s.a].type == "date"]
            if keys:
                return (keys[0], j) if keys[0] != self.p.date_field else None
            j, seen = self.prev(j), seen + 1
        return None

    def atom_for_date(self, k: int) -> Cond | None:
        span = self.spans[k]
        named = self._own_date_field(k)
        own = named[0] if named else None
        key = own or self.p.date_field
        if key is None or span.date is None:
            return None
        if named:
            self.out.used.add(named[1])
        first, last = span.date
        cmp = self.comparator(k)
        if cmp is None or cmp[0] == "in":
            cmp = self.post_comparator(k) or cmp  # "from 2023 onwards", "2022 or later"
        if cmp is not None and cmp[0] == "in" and self._from_date_on(k, cmp[1]):
            cmp = ("since", cmp[1])  # "from November 2023 on": onwards
        tag = cmp[0] if cmp else "in"
        if cmp and tag == "gt" and self.words(self.spans[cmp[1]]).lower() == "over":
            tag = "in"  # "over the summer of 2023": during it (a date is "after", not "over", another)
        if cmp:
            self.out.used.add(cmp[1])
        verb = f"{self.p.fields[key].label.lower()}" if own else "released"
        whole_years = first.endswith("-01") and last.endswith("-12")
        if whole_years and first[:4] == last[:4]:
            shown = first[:4]
        elif first == last:
            shown = first
        else:
            shown = f"{first[:4]} to {last[:4]}" if whole_years else f"{first} to {last}"
        if tag == "between":
            nxt = [i for i in range(k + 1, min(len(self.spans), k + 3)) if self.spans[i].date]
            if nxt:
                other = self.spans[nxt[0]].date
                assert other is not None
                self.out.used.add(nxt[0])
                return Atom(key, "between", (first, other[1]), f"{verb} between {first} and {other[1]}")
            tag = "in"
        if tag in ("after", "gt"):
            return Atom(key, "gt", (last,), f"{verb} after {shown}")
        if tag in ("before", "lt"):
            return Atom(key, "lt", (first,), f"{verb} before {shown}")
        if tag in ("since", "ge"):
            return Atom(key, "ge", (first,), f"{verb} in or after {shown}")
        if tag in ("until", "le"):
            return Atom(key, "le", (last,), f"{verb} in or before {shown}")
        return Atom(key, "between", (first, last), f"{verb} {'from' if ' to ' in shown else 'in'} {shown}")

    # ---- the whole question --------------------------------------------------------------------------------------
    def read(self) -> Reading:
        items: list[str] = []
        ors: list[tuple[int, int]] = []  # where each "or" stands among the items, and its span
        atoms: list[Cond] = []
        last_word: list[int] = []  # the span index of the last word atom, to join "masked language modelling"
        negated_at = 0  # where the last negation word ends in the text

        def emit_atom(cond: Cond | None, k: int) -> None:
            if cond is None:
                return
            self.out.used.add(k)
            gap = self.text[negated_at : self.toks[self.spans[k].start].start] if negated_at else ""
            if items and items[-1] == "!" and "," in gap and re.search(r"\w", gap.split(",")[0]):
                # "no model text at all, from Acme": a negation whose object made no condition ends at its clause
                # (not "not, as far as I know, from Acme")
                items.pop()
            before = self.prev(k, skip=lambda s: s.g("ref") and self.words(s).lower() in ("that", "this"))
            removal = before is not None and self.spans[before].g("removes")
            if removal and isinstance(cond, Not) and isinstance(cond.item, Atom) and cond.item.field in self.p.fields:
                cond = And((self._presence_atom(cond.item.field, "", "any"), cond))  # ("dropped the Acme data")
            prev = atoms[-1] if atoms else None
            repeats = (
                isinstance(prev, Atom)
                and isinstance(cond, Atom)
                and prev.field == cond.field
                and set(cond.values) <= set(prev.values)
            )
            members = (
                isinstance(prev, Atom)
                and isinstance(cond, Atom)
                and prev.field == cond.field
                and any(str(v).startswith("group:") for v in prev.values)
                and all(self.in_group(cond.field, str(v), prev.values) for v in cond.values)
            )
            negated = bool(items) and items[-1] == "!"
            # "which method gets rid of the Acme step?": one whose field is recorded, without that value
            self.asserted |= negated and (removal or self.removal)
            if negated and self.asserted and isinstance(cond, Atom) and cond.field in self.p.fields:
                # "a teacher that is not from Acme": a teacher is recorded, and it is not Acme's
                self.asserted = False
                present = Atom(cond.field, "any", (), f"{self.p.label(cond.field).lower()} recorded")
                if present not in atoms:
                    items.insert(len(items) - 1, f"A{len(atoms)}")
                    items.insert(len(items) - 1, "&")
                    atoms.append(present)
            if cond == prev or ((repeats or members) and self.in_parentheses(k) and not negated):
                return  # "Mentor (mentor-3.5)", "Acme models (Wren, Corvid)": an aside names what was said
            if self.in_parentheses(k) and self._examples_aside(k) and not negated:
                return  # "not encoder-only (enc-dec, recurrent, whatever)": examples of what was said
            if isinstance(prev, Atom) and isinstance(cond, Atom) and prev.field == cond.field and self.conceded(k):
                # "usable commercially, even with conditions": the value conceded widens the one before it
                if repeats:
                    return
                while items and items[-1] in (",", "&"):
                    items.pop()
                items.append("|")
            same = isinstance(prev, Atom) and isinstance(cond, Atom) and prev.field == cond.field
            if same and self.in_parentheses(k) and self._counts_too(k) and items and items[-1] == "(":
                # "fine-tuned some flavour of Falbo (Falbo-X counts)": the aside adds another value, either will do
                items[-1] = "|"
            if items and items[-1].startswith("A") and self.comma_before(k):
                items.append(",")
            items.append(f"A{len(atoms)}")
            atoms.append(cond)

        for k, span in enumerate(self.spans):
            items += self.brackets(k)
            if k in self.out.used:
                continue
            if (bound := self._that_many(k)) is not None:
                assert self.focus is not None
                emit_atom(self.relative(k, self.focus, bound), k)  # "at least that many tokens": the focus's amount
            elif span.date is not None:
                nxt = self.spans[k + 1] if k + 1 < len(self.spans) else None
                if nxt is not None and nxt.has("entry") and nxt.start == span.end:
                    continue  # "the 2021 Falbo paper": the year says which entry, it is no condition
                emit_atom(self.atom_for_date(k), k)
            elif span.number is not None:
                emit_atom(self.atom_for_number(k), k)
            elif span.has("entry"):
                if self.compare_frame and not self._negated(k) and not self._after_relation(k):
                    continue  # "compare A and B", "which is bigger, A or B": subjects (not "do both use C?")
                value_first = span.has("value") and self._value_relation(k)
                emit_atom(self.atom_for_value(k) if value_first else self.atom_for_entry(k), k)
            elif span.has("family"):
                if not (self.compare_frame and not self._negated(k)):
                    sense = span.of("family")[0]
                    emit_atom(Atom("@id", "eq", tuple(sense.a.split(",")), f"the {sense.b} family"), k)
            elif span.has("value") or span.has("group"):
                emit_atom(self.atom_for_value(k), k)
            elif span.has("enum") and self._verb_of_value(k):
                pass  # "did not distill data from Acme models": the verb relates the value after it, no value itself
            elif span.has("enum") and span.start > 0 and self.toks[span.start - 1].low in ("against", "versus", "vs"):
                self.out.used.add(k)  # "holds up against transformers": what it is measured against, no condition
            elif span.has("enum"):
                emit_atom(self.atom_for_enum(k), k)
            elif span.has("word") and (self.set_frame or self.selection) and self._rest_of_phrase(k, last_word, atoms):
                self.out.used.add(k)  # "masked language modelling": the phrase's common last word adds nothing
            elif span.has("word") and self._participle_of_relation(k):
                self.out.used.add(k)  # "seeded with …": a verb whose preposition relates what follows
            elif span.has("word") and (self.set_frame or self.selection or self._after_verb_of_relation(k)):
                previous = atoms[-1] if atoms else None
                # the word just before made a condition: this one may continue its stored phrase
                # (but not across a relation word: in "seeded with Falbo entities" the verb is no word of the phrase)
                across = bool(last_word) and last_word[0] == k - 2 and bool(self.spans[k - 1].of("relation"))
                near = bool(last_word) and last_word[0] >= k - 2 and not across
                phrase = previous if near and isinstance(previous, Atom) else None
                atom = self.atom_for_word(k, phrase.field if phrase is not None else None)
                if phrase is not None and phrase.field == atom.field:
                    # consecutive words of one stored phrase: all of them, in one condition
                    joined = Atom(
                        atom.field,
                        "all",
                        (*phrase.values, *atom.values),
                        f"{phrase.label} {atom.label.split()[-1]}",
                    )
                    atoms[-1] = joined
                    self.out.used.add(k)
                else:
                    emit_atom(atom, k)
                last_word[:] = [k]
            elif self.set_frame and (bare := self._bare_enum(k)) is not None:
                emit_atom(bare, k)
            elif span.g("same") and (shared := self.same_without_as(k)) is not None:
                emit_atom(shared, k)
            elif (
                span.has("field")
                and (self.set_frame or self.selection or self._plural_after(k))
                and (group := self._group_asked(k))
            ):
                emit_atom(group, k)  # "which university groups fine-tuned Falbo?": from a university, and which
                self.out.used.discard(k)  # (the field is still asked)
            elif (
                (span.has("field") or span.has("part"))
                and (self.set_frame or self.selection)
                and ((withheld := self._withheld(k)) is not None)
            ):
                self.out.used.update(withheld[1])  # the negation and the verb after the field are its emptiness
                emit_atom(withheld[0], k)
            elif (
                (span.has("field") or span.has("part"))
                and (self.set_frame or self.selection or self._of_the_record(k))
                and ((empty := self._recorded(k)) is not None)
            ):
                if items and items[-1] == "!":
                    items.pop()  # the negation is the emptiness: "no license recorded"
                elif items and items[-1] in ("|", "R") and self.shared_negation:
                    items[-1] = "&"  # "never released its code or weights": neither of them
                emit_atom(empty, k)
            elif (
                (span.has("field") or span.has("part"))
                and (self.set_frame or self.selection or self._of_the_record(k))
                and ((present := self._present(k)) is not None)
            ):
                emit_atom(present, k)
            elif span.has("relation") and (self.set_frame or self.selection) and (some := self._related_to_some(k)):
                emit_atom(some, k)  # "built on top of another model": some value of that relation is recorded
            elif span.has("field") and (self.set_frame or self.selection) and (made := self._attributive(k)):
                emit_atom(made, k)  # "fine-tuned 7B models": models with a base model recorded
            elif self.focus is not None and (derived := self._derived_of_focus(k)) is not None:
                emit_atom(derived, k)  # "and the instruction-tuned version?" after one entry: the entries built on it
            elif span.has("category") or span.has("noun"):
                negated = self._category(k)
                if negated is not None:
                    emit_atom(negated, k)  # "ignore (the) base models": the negation binds to the category
            if span.g("unrelated", "after_neg") and self._ends_clause(k) and items and items[-1].startswith("A"):
                # "… that Acme had nothing to do with", "setting the benchmarks aside": what stands before it
                items.insert(len(items) - 1, "!")
            elif span.g("neg") and (verbs := self._negating_verb_or_value(k)) is not None:
                self.out.used.update(verbs[1])  # "forbid or restrict commercial use": either of the two
                emit_atom(verbs[0], k)
            elif span.g("neg") and self._negative_yes_no(k):
                self.out.used.add(k)  # "isn't Falbo open?" asks whether Falbo is open
            elif span.g("neg") and not (span.has("enum") or span.has("value")):
                items.append("!")
                negated_at = self.toks[span.end - 1].end
                self.removal = span.g("removes")
            elif span.g("neither"):
                items.append("N")
            elif span.g("nor"):
                items.append("R")
            elif span.g("or", "and") and self._between_field_words(k):
                pass
            elif span.g("or") and (either := self._field_or_its_value(k)) is not None:
                # "on alignment method or Acme-tuning": the field, or one value of it, is any value of it
                emit_atom(self._presence_atom(either, "", "any"), k - 1)
                self.out.used.add(k + 1)
            elif span.g("or") and self._joins_sizes(k):
                pass  # "a 30B or 33B Falbo": either size of the name after them, one condition
            elif span.g("or", "and") and self._between_categories(k):
                self.out.categories_joined = True  # "datasets or benchmarks": one set, joining no conditions
            elif span.g("or", "and") and self._between_plain_words(k):
                pass  # "released as weight diffs or deltas": it joins words no condition came from
            elif span.g("or"):
                ors.append((len(items), k))
                items.append("|")
            elif span.g("and"):
                items.append("&")
        items += self.brackets(len(self.spans))
        fields = [a.field if isinstance(a, Atom) else "" for a in atoms]
        for at, k in reversed(ors):
            # "from Acme or Acme Labs are usable commercially": an "or" between two values of one field that made
            # one condition joins nothing; left in, it would join that condition to the next one of another field
            left = next((t for t in reversed(items[:at]) if t.startswith("A")), None)
            right = next((t for t in items[at + 1 :] if t.startswith("A")), None)
            if left is None or right is None or fields[int(left[1:])] == fields[int(right[1:])]:
                continue
            if self._value_keys(k - 1) & self._value_keys(k + 1):
                del items[at]
        where = _combine(items, atoms, fields)
        # "what came out after Corvid", "the same month as Wren": the entry compared with is not an answer
        for rid in dict.fromkeys(self.out.relative):
            excluded = Not(Atom("@id", "eq", (rid,), self.entry_name(rid)))
            where = flatten_and([*([where] if where is not None else []), excluded])
        for key in dict.fromkeys(self.out.held):
            where = flatten_and([*([where] if where is not None else []), self._presence_atom(key, "", "any")])
        self.out.atoms = atoms
        self.out.where = where
        return self.out

    def _value_keys(self, k: int) -> set[str]:
        """The fields or vocabularies whose values span k names."""
        if not 0 <= k < len(self.spans):
            return set()
        return {s.a for s in self.spans[k].senses if s.kind in ("value", "enum")}

    def _derived_of_focus(self, k: int) -> Cond | None:
        """ "the instruction-tuned version", naming and referring to nothing, after one entry: the entries whose
        relation field the noun of derivation names holds the entry in focus."""
        if any(sp.has("entry") or sp.g("ref", "refs") for sp in self.spans) or self.focus is None:
            return None
        span = self.spans[k]
        before = [t.low for t in self.toks[max(0, span.start - 3) : span.start]]
        if "the" not in before or not {w.split("-")[-1] for w in before} & PARTICIPLES:
            return None
        key = self._derivation_field(k, f"entry:{self.focus}")
        return Atom(key, "has", (f"entry:{self.focus}",), self.label(key, self.entry_name(self.focus))) if key else None

    def _attributive(self, k: int) -> Atom | None:
        """ "fine-tuned 7B models", "instruction-tuned assistants": a participle of a field that names entries, right
        before the set's noun (a size may stand between), says the field is recorded."""
        span = self.spans[k]
        if not self.toks[span.end - 1].low.endswith("ed"):
            return None
        nxt = k + 1
        while nxt < len(self.spans) and self.spans[nxt].number is not None:
            nxt += 1
        if nxt >= len(self.spans) or self.spans[nxt].start - span.end > 1:
            return None
        if not (self.spans[nxt].has("noun") or self.spans[nxt].has("category")):
            return None
        keys = [s.a for s in span.of("field") if self.p.fields[s.a].type == "refs"]
        return self._presence_atom(keys[0], "", "any") if keys else None

    def _own_size_after(self, k: int) -> str | None:
        """ "its 13B version", "their 7B variant": the size written right after the possessive at span k, before a
        word for one of the entry's own variants."""
        nxt = self.spans[k + 1] if k + 1 < len(self.spans) else None
        if nxt is None or nxt.start != self.spans[k].end or nxt.number is None or nxt.end >= len(self.toks):
            return None
        found = sizes_in(self.words(nxt))
        return found[0] if found and self.toks[nxt.end].low in OWN_VARIANTS | {"model", "models"} else None

    def _derived_after(self, k: int, value: str) -> str | None:
        """ "its instruction-tuned version", "their fine-tuned variants": a participle of relation, then a noun of
        derivation, right after the possessive at span k: the relation field of entries the noun names (but "its
        largest version", "its chat variant" are its own)."""
        end = self.spans[k].end
        if not {t.low.split("-")[-1] for t in self.toks[end : end + 2]} & PARTICIPLES:
            return None
        for idx in range(k + 1, min(k + 4, len(self.spans))):
            if self.spans[idx].start - end > 2:
                break
            if self._derivation_noun(idx):
                return self._derivation_field(idx, value)
        return None

    def _derivation_noun(self, idx: int) -> bool:
        """Whether span idx ends in a noun of derivation ("version", "variants"), not a participle ("tuned")."""
        noun = self.toks[self.spans[idx].end - 1].low
        return noun in POSTFIX and noun not in PARTICIPLES

    def _derivation_field(self, idx: int, value: str) -> str | None:
        """The relation field of entries the noun of derivation at span idx names, if one holds ``value`` anywhere."""
        if not self._derivation_noun(idx):
            return None
        return next((f for f in self.relation_fields(idx, self.mention_fields) if self.holds_anywhere(f, value)), None)

    def _verb_of_value(self, k: int) -> bool:
        """Whether span k, a value word that is also a relation word ("distill"), relates a value of that relation's
        field named within the next two spans ("distill data from Acme models")."""
        keys = {s.a for s in self.spans[k].of("relation")}
        if not keys:
            return False
        for idx in range(k + 1, min(k + 3, len(self.spans))):
            nxt = self.spans[idx]
            vocabs = {s.a for s in nxt.of("value") + nxt.of("group")}
            if any(self.p.fields[key].vocabulary in vocabs for key in keys):
                return True
            if nxt.has("entry") and any(self.holds_anywhere(key, f"entry:{nxt.of('entry')[0].a}") for key in keys):
                return True
        return False

    def _participle_of_relation(self, k: int) -> bool:
        """Whether span k is one word ending in "-ed" right before a preposition ("seeded with", "grounded in")."""
        span = self.spans[k]
        word = self.toks[span.start].low
        after = self.toks[span.end].low if span.end < len(self.toks) else ""
        return span.end - span.start == 1 and word.endswith("ed") and after in PREPOSITIONS

    def _char_after(self, k: int) -> str:
        """The character written right after span k ("-" in "Falbo-tuned", "+" in "100B+"), or ""."""
        end = self.toks[self.spans[k].end - 1].end
        return self.text[end : end + 1]

    def _hyphen_after(self, k: int) -> bool:
        """Whether span k is joined to the next word by a hyphen ("Falbo-tuned")."""
        return self._char_after(k) == "-"

    def _names_a_value(self, k: int) -> bool:
        return self.spans[k].has("word") or self.spans[k].has("value")

    def _between_plain_words(self, k: int) -> bool:
        """Whether the words right before and right after span k belong to no phrase of the review."""
        start, end = self.spans[k].start, self.spans[k].end
        return start > 0 and end < len(self.toks) and start - 1 not in self.span_at and end not in self.span_at

    def _between_categories(self, k: int) -> bool:
        def names_set(i: int) -> bool:
            return 0 <= i < len(self.spans) and (self.spans[i].has("category") or self.spans[i].has("noun"))

        return names_set(k - 1) and names_set(k + 1)

    def _membership(self, span: Span) -> bool:
        """Whether the span is the "of" or "in" of "part of", "a member of", "included in"."""
        before = self.toks[span.start - 1].low if span.start else ""
        return self.words(span).lower() in ("of", "in") and before in ("part", "member", "members", "included")

    def _field_or_its_value(self, k: int) -> str | None:
        """The field when the "or" at span k joins a word of the field alone to one of its values ("on alignment
        method or Acme-tuning")."""
        if not (0 < k < len(self.spans) - 1) or k - 1 in self.out.used:
            return None
        before, after = self.spans[k - 1], self.spans[k + 1]
        if not before.senses or any(s.kind != "field" for s in before.senses):
            return None
        if not (after.has("value") or after.has("group")) or after.has("entry"):
            return None
        shared = [s.a for s in before.of("field") if s.a in {t.a for t in after.of("field")}]
        return shared[0] if shared else None

    def _between_field_words(self, k: int) -> bool:
        """ "as a teacher or annotator", "whose data or weights are …": the connector joins two words of one field
        (or two parts of it), not two conditions."""
        if not (0 < k < len(self.spans) - 1):
            return False
        before, after = self.spans[k - 1], self.spans[k + 1]
        plain = all(not sp.has(kind) for sp in (before, after) for kind in ("entry", "value", "group", "enum", "word"))
        shared = {s.a for s in before.senses if s.kind in ("field", "part")} & {
            s.a for s in after.senses if s.kind in ("field", "part")
        }
        return plain and bool(shared)

    def _after_verb_of_relation(self, k: int) -> bool:
        """ "did Falbo use Acmeset data?", "the chatbot trained on Acmeset and Quillset dialogues": a rare word of
        stored values right after a verb of relation (or after another such word joined to it), even about one
        entry."""
        j = self.prev(k, skip=lambda s: s.g("and", "or") or s.has("word"))
        if j is None:
            return False
        span = self.spans[j]
        return bool(span.of("relation")) or (span.has("field") and self.toks[span.end - 1].low in PREPOSITIONS)

    def _of_the_record(self, k: int) -> bool:
        """ "without a stated training set", "with downloadable weights": words about what is recorded or released
        right before the field, which make its emptiness or presence a condition even about one entry described."""
        before = [t.low for t in self.toks[max(0, self.spans[k].start - 2) : self.spans[k].start]]
        if set(before) & (PRESENCE_WORDS - LIGHT_WORDS - {"with"}):
            return True
        # "did Falbo release the full weights?", "were the weights released?"
        if not self.spans[k].has("part"):
            return False  # ("which sizes were released?": the sizes asked, not whether there are any)
        i = self._before_listed_parts(self.spans[k].start - 1)
        return (i >= 0 and self.toks[i].low in RELEASED_VERBS) or self._said_out_after(k) is not None

    def _said_out_after(self, k: int) -> int | None:
        """ "made their weights available", "whose weights were actually released": the token of the word saying
        the field's part is out, after it."""
        after = self.spans[k].end
        while after < len(self.toks) and self.toks[after].low in _BEFORE_AVAILABLE:
            after += 1
        said = AVAILABLE_WORDS | (RELEASED_WORDS if self.spans[k].has("part") else frozenset())
        return after if after < len(self.toks) and self.toks[after].low in said else None

    def _recorded(self, k: int) -> Cond | None:
        """ "no license recorded", "didn't distill from another model", "never had their weights released": a field
        (or a part of one) named after a negation with no value of it following means it is empty (the negation stays
        in the reading)."""
        if self._negation_before(k) is None:
            return None
        t = self.spans[k].start - 1
        hyphenated = t > 0 and self.text[self.toks[t - 1].end : self.toks[t].start] == "-"
        if t >= 0 and t not in self.span_at and hyphenated and (t - 1) not in self.span_at:
            # "not under a share-alike license": a kind of value no phrase of the review names, not no value at all
            # (but "no publicly downloadable weights", "no explicit license": no value)
            return None
        return self._field_presence(k, "empty")

    def _present(self, k: int) -> Cond | None:
        """ "which of those released weights?", "the one with a recorded parameter count": a field named after a
        word of having, with no value of it following, means some value is recorded."""
        i = self._before_listed_parts(self.spans[k].start - 1)
        out_at = self._said_out_after(k)  # "made their weights available": the word of having after the part
        following = out_at is not None
        if out_at is not None and (said := self.span_at.get(out_at)) is not None:
            self.out.used.add(said)  # ("were the weights released?": no release date asked)
        if (i < 0 or self.toks[i].low not in PRESENCE_WORDS) and not following:
            return None
        if self._negation_before(k) is not None:
            return None
        if any(sp.has("adj") for sp in self.spans if i - 1 <= sp.end and sp.start <= self.spans[k].start):
            return None  # "the smallest released checkpoint", "has the largest dataset": a superlative
        return self._field_presence(k, "any")

    def _before_listed_parts(self, i: int) -> int:
        """From token i back, past light words and earlier fields or parts listed with this one ("released neither
        weights nor data", "shared code and weights"): the token before them."""
        while True:
            while i >= 0 and self.toks[i].low in BEFORE_PRESENCE | {"neither", "either", "both"}:
                i -= 1
            before = self._span_covering(i - 1)
            listed = before is not None and (before.has("field") or before.has("part"))
            if i >= 1 and self.toks[i].low in ("nor", "or", "and") and listed:
                assert before is not None
                i = before.start - 1
                continue
            here = self._span_covering(i)
            comma = i + 1 < len(self.toks) and self.text[self.toks[i].end : self.toks[i + 1].start].strip() == ","
            if here is not None and here.has("part") and comma:
                i = here.start - 1  # "released weights, code and data"
                continue
            return i

    def _withheld(self, k: int) -> tuple[Cond, set[int]] | None:
        """ "whose weights were never released", "code is not public": a field or part, then a negated verb of
        release after it, means it is empty. The condition, and the spans of the negation and the verb it used."""
        i = self.spans[k].end
        skip = AUXILIARIES | {"been", "ever", "yet", "that", "which", "count", "number", "figure", "total", "amount"}

        def negation_at(i: int) -> bool:
            n = self._span_starting(i)
            return n is not None and self.spans[n].g("neg")

        while i < len(self.toks) and self.toks[i].low in skip and not negation_at(i):
            i += 1
        neg = self._span_starting(i)
        if neg is None or not negation_at(i) or self.spans[neg].of("relation"):
            return None
        i = self.spans[neg].end
        while i < len(self.toks) and self.toks[i].low in ("been", "ever", "made", "yet", "publicly", "openly"):
            i += 1
        if i >= len(self.toks) or self.toks[i].low not in PRESENCE_WORDS:
            return None
        empty = self._field_presence(k, "empty")
        if empty is None:
            return None
        verb = self._span_starting(i)
        return empty, {neg, *([verb] if verb is not None else [])}

    def _object_follows(self, k: int) -> bool:
        """Whether a field or part of one follows span k, with only light words between: "released their weights"
        makes "released" the verb of "weights", not the release date."""
        i = self.spans[k].end
        while i < len(self.toks) and self.toks[i].low in LIGHT_WORDS | PRESENCE_WORDS:
            i += 1
        if i < len(self.toks) and "," in self.text[self.toks[self.spans[k].end - 1].end : self.toks[i].start]:
            return False  # "weights, code or data": a list, not a verb and its object
        nxt = next((sp for sp in self.spans if sp.start == i), None)
        if nxt is None or not (nxt.has("field") or nxt.has("part")) or nxt.has("enum"):
            return False
        # "no code repository": two words of one field's part are one noun, not a verb and its object
        own = {(s.kind, s.a, s.b) for s in self.spans[k].senses if s.kind in ("field", "part")}
        return not own & {(s.kind, s.a, s.b) for s in nxt.senses}

    def _field_presence(self, k: int, op: Literal["empty", "any"]) -> Cond | None:
        span = self.spans[k]
        # ("that don't name any base model": a verb of having or stating makes the kind's phrase its field)
        field_stated = False
        if span.has("category") and span.has("field"):
            stated = self._before_listed_parts(span.start - 1)
            if stated >= 1 and self.toks[stated].low in ("no", "not", "never"):
                stated = self._before_listed_parts(stated - 1)  # "works that have no base model"
            field_stated = stated >= 0 and self.toks[stated].low in PRESENCE_WORDS
        if (span.has("category") and not field_stated) or span.has("noun") or self._object_follows(k):
            return None  # "that aren't base models": a category negated
        following = self._span_starting(span.end)
        if span.end - span.start == 1 and following is not None and self.spans[following].has("noun"):
            return None  # "without a reference model": a field's word qualifying the noun after it, not the field
        # (an enum field names its values, "no commercial use", unless what is said of it is asked: "no mention of
        # commercial use")
        said = self._said_before(k)
        keys = [
            s.a
            for s in span.of("field")
            if self.p.fields[s.a].type != "category" and (self.p.fields[s.a].type != "enum" or said)
        ]
        parts = [(s.a, s.b) for s in span.of("part")]
        # a part named by a links field's own word too ("code" as a link): that link
        parts += [(f, b) for _, b in list(parts) for f in keys if b in self.p.fields[f].parts and (f, b) not in parts]
        # a part of several fields ("weights": their link, their license): the links say whether it exists
        parts.sort(key=lambda fp: self.p.fields[fp[0]].type != "links")
        if not keys and not parts:
            return None
        at = k + 1
        if at < len(self.spans) and self.words(self.spans[at]).lower() in ("for", "of", "on"):
            at += 1  # (a preposition read as a relation word of its own)
        after = self.spans[at] if at < len(self.spans) else None
        gap = [t.low for t in self.toks[span.end : after.start]] if after is not None else []
        if keys and not parts and after is not None and gap[:1] in (["for"], ["of"], ["on"]) and len(gap) <= 3:
            # "no stated license for (on) the weights": the part named after the field
            parts = [(s.a, s.b) for s in after.of("part") if s.a in keys]
            if parts:
                self.out.used.update(range(k + 1, at + 1))
        for idx in range(k + 1, min(k + 3, len(self.spans))):
            nxt = self.spans[idx]
            if nxt.g("and", "or"):
                break  # "release their data and also allow commercial use": what follows is another condition
            if any(s.kind in ("entry", "value", "group", "enum", "word", "family") for s in nxt.senses) or (
                nxt.number is not None or nxt.date is not None
            ):
                return None  # "not licensed under MIT": a value follows
        key, part = parts[0] if parts else (keys[0], "")
        # "never released its weights": neither a weights link nor a weights license; "released weights": either
        same = [(f, p) for f, p in parts if p == part] if part else [(key, part)]
        made = [self._presence_atom(f, p, op) for f, p in same]
        if len(made) == 1:
            return made[0]
        return And(tuple(made)) if op == "empty" else Or(tuple(made))

    def _related_to_some(self, k: int) -> Atom | None:
        """ "fine-tuned from another model", "built on an existing model": a relation to an indefinite noun, no
        name or value, says the entry records some value of the relation's field."""
        at = self.spans[k].end
        if at >= len(self.toks) or self.toks[at].low not in ("a", "an", "another", "some", "other", "existing"):
            return None
        if self.words(self.spans[k]).lower() in PREPOSITIONS:
            return None  # "generated with a model", "works with a model over 500B": a preposition relates nothing
        nxt = self._span_starting(at + 1)
        if nxt is None and at + 2 < len(self.toks) and self.toks[at + 1].low in ("existing", "other", "pretrained"):
            nxt = self._span_starting(at + 2)
        keys = [s.a for s in self.spans[k].of("relation") if self.p.fields[s.a].type in ("refs", "names")]
        # ("written by a teacher model": the indefinite noun is the field's own word)
        own = nxt is not None and any(s.a in keys for s in self.spans[nxt].of("field"))
        if nxt is None or not (self.spans[nxt].has("noun") or self.spans[nxt].has("category") or own):
            return None
        if self.spans[nxt].has("entry") or self.spans[nxt].has("value"):
            return None
        if not keys or self._negation_before(k) is not None:
            return None
        self.out.used.add(nxt)
        return self._presence_atom(keys[0], "", "any")

    def _presence_atom(self, key: str, part: str, op: Literal["empty", "any"]) -> Atom:
        label = self.p.label(key).lower() + (f" ({part})" if part else "")
        if op == "empty":
            return Atom(key, "empty", (part,) if part else (), f"{label}: none recorded")
        return Atom(key, "any", (part,) if part else (), f"{label} recorded")

    def _ends_clause(self, k: int) -> bool:
        """Whether nothing of the question follows span k (up to the end or a punctuation mark)."""
        rest = self.text[self.toks[self.spans[k].end - 1].end :]
        return not rest.strip(" ?!.") or rest.lstrip()[:1] in ",;)"

    def _negation_before(self, k: int) -> int | None:
        """The negation a field phrase belongs to: "no license", "never had their weights", "didn't use any teacher"
        (light verbs, articles and possessives may stand between)."""
        i = self.spans[k].start - 1
        steps = 0
        self.shared_negation = False
        while i >= 0 and steps < 6:
            idx = self.span_at.get(i)
            if idx is not None:
                span = self.spans[idx]
                subject_of = self.prev(idx) if span.has("entry") or span.g("ref", "refs") else None
                if subject_of is not None and self._inverted_negation(subject_of):
                    # "why can't Falbo be used commercially?": past the subject to its negation ("can't Falbo be
                    # used commercially?" asks whether it can)
                    return None if self._negative_yes_no(subject_of) else subject_of
                if span.g("neg") and not span.of("relation"):
                    # (but "non-English data": "non" negates the word it is joined to, not the field)
                    joined = self.words(span).lower() == "non" and span.end != self.spans[k].start
                    return None if joined else idx
                before = self.spans[idx - 1] if idx else None
                after = min(span.end, len(self.toks) - 1)
                between = self.text[self.toks[span.end - 1].end : self.toks[after].start].strip()
                if between == "," and (span.has("field") or span.has("part")) and self.spans[k].has("part"):
                    # "never released any weights, code or data": a part listed before, after a comma
                    self.shared_negation = True
                    i = span.start - 1
                    steps += 1
                    continue
                if span.g("or", "and", "nor") and before is not None and (before.has("field") or before.has("part")):
                    # "never had its code or weights released": one negation over the parts listed
                    self.shared_negation = True
                    i = before.start - 1
                    steps += 1
                    continue
                one_word_relation = bool(span.of("relation")) and span.end - span.start == 1
                grammar = all(
                    sense.kind == "g" and sense.a in ("list", "refs", "ref", "yesno") for sense in span.senses
                )
                # "nothing is said about …", "no mention of …": the preposition of what is (not) said
                grammar = grammar or self.words(span).lower() in ("about", "of", "regarding", "concerning")
                # "never released any weights": a verb of release between the negation and the part
                grammar = grammar or (self.spans[k].has("part") and self.words(span).lower() in PRESENCE_WORDS)
                if not (self.weak(idx) or one_word_relation or grammar):
                    return None
                i = span.start - 1
            elif self.toks[i].low in LIGHT_WORDS | PRESENCE_WORDS | GENERIC_ADJECTIVES:
                i -= 1  # "don't have a disclosed total token count"
            elif self.toks[i].low.isalpha() and common_word(self.toks[i].low, 4.0):
                i -= 1  # "did not rely on any teacher model": an everyday verb no phrase of the review covers
            else:
                return None
            steps += 1
        return None

    def _said_before(self, k: int) -> bool:
        """Whether a word of saying stands just before span k ("nothing is said about", "no mention of")."""
        start = self.spans[k].start
        return bool({t.low for t in self.toks[max(0, start - 4) : start]} & SAYING_WORDS)

    def _bare_enum(self, k: int) -> Cond | None:
        """ "base models that forbid commercial use": an enum field named with no value means its first value."""
        span = self.spans[k]
        keys = [s.a for s in span.of("field") if self.p.fields[s.a].type == "enum" and not self.p.fields[s.a].multiple]
        if not keys or span.has("noun") or span.has("category"):
            return None
        if any(s.a == keys[0] for sp in self.spans for s in sp.of("enum")):
            return None  # "unclear commercial-use status", "no (commercial use not allowed)": a value is given
        if self._said_before(k) and self._negation_before(k) is not None:
            return None  # "nothing is said about commercial use": whether it is recorded, not its value
        first = self.p.fields[keys[0]].values[0]
        values = (first.value, *first.also)
        return Atom(keys[0], "eq", values, self.label(keys[0], " or ".join(values)))

    def brackets(self, k: int) -> list[str]:
        """Parentheses written between span k-1 and span k: a negation inside them stays inside them. A restatement
        ("…, i.e. …", "that is") opens one: a negation before it does not reach into it."""
        start = self.toks[self.spans[k - 1].end - 1].end if k > 0 else 0
        stop = self.toks[self.spans[k].start].start if k < len(self.spans) else len(self.text)
        between = self.text[start:stop]
        if k > 0 and _RESTATEMENT.search(between) and "(" not in between:
            return [*(c for c in between if c in "()"), "("]
        return [c for c in between if c in "()"]

    def _negated(self, k: int) -> bool:
        j = self.prev(k)
        return j is not None and self.spans[j].g("neg")

    def _value_relation(self, k: int) -> bool:
        """An entry that is also a vocabulary value, after a relation word of a field using that vocabulary."""
        vocabs = {s.a for s in self.spans[k].of("value")}
        fields = [f for f, s in self.p.fields.items() if s.vocabulary in vocabs]
        j = self.prev(k)
        if j is not None and self.spans[j].g("neg") and not self.spans[j].of("relation"):
            j = self.prev(j)  # "trained on something other than Wren-50": the relation before the exclusion
        # "trained on Wren-50 or Wren-90": a value joined by and/or shares the relation before the first
        while j is not None and (self.spans[j].g("and", "or", "nor") or self.spans[j].has("value")):
            value_here = self.spans[j].has("value") and not self.spans[j].g("and", "or", "nor")
            if value_here and self.relation_fields(j, fields):
                return True
            j = self.prev(j)
        if self._field_after(k, fields):
            return True  # "without Wren-50 in their training data": the field named after it holds the value
        return (j is not None and bool(self.relation_fields(j, fields))) or bool(self.postfix_fields(k, fields))

    def _field_after(self, k: int, fields: Sequence[str]) -> bool:
        """Whether "in" (or "as", "among") and one of ``fields`` follow span k ("… in its training data")."""
        j = self.next(k)
        if j is None or self.words(self.spans[j]).lower() not in ("in", "as", "among", "within"):
            return False
        j = self.next(j)
        while j is not None and self.spans[j].g("ref", "refs"):
            j = self.next(j)
        return j is not None and any(s.a in fields for s in self.spans[j].of("field"))

    def _built_on(self, k: int, rid: str) -> Atom | None:
        """ "a non-Falbo assistant": with a noun after it, neither Falbo nor a work whose reference field (its base
        model) names Falbo."""
        nxt = self.spans[k + 1] if k + 1 < len(self.spans) else None
        if nxt is None or nxt.start != self.spans[k].end or not (nxt.has("noun") or nxt.has("category")):
            return None
        value = f"entry:{rid}"
        key = next((f for f, s in self.p.fields.items() if s.type == "refs" and self.holds_anywhere(f, value)), None)
        return Atom(key, "has", (value,), self.label(key, self.entry_name(rid))) if key else None

    def _object_of_preposition(self, k: int) -> bool:
        """Whether the noun at span k comes after a specific noun that already says what is asked ("models", not
        "works") and stands in a prepositional phrase ("on the Acmeweb corpus"): an object, not the set."""
        head = next((sp for sp in self.spans[:k] if sp.has("noun") or sp.has("category")), None)
        if head is None or head.has("category"):
            return False
        if not any(self.p.nouns[int(s.a)].asks or self.p.nouns[int(s.a)].categories for s in head.of("noun")):
            return False
        t = self.spans[k].start - 1
        steps = 0
        objects = ("on", "with", "using", "via", "over")  # (not "in the alignment section": where the set is)
        while t >= 0 and steps < 3 and self.toks[t].low not in PREPOSITIONS:
            # "the", "a", names and words no phrase covers ("the Acmeweb corpus", "the Pile dataset")
            idx = self.span_at.get(t)
            if idx is not None and not all(
                s.kind in ("value", "word", "entry", "group") for s in self.spans[idx].senses
            ):
                return False
            t, steps = (self.spans[idx].start if idx is not None else t) - 1, steps + 1
        return t >= 0 and self.toks[t].low in objects

    def _names_object(self, j: int) -> bool:
        """Whether relation span j introduces names of things ("fine-tuned from", "trained on"), which a category
        phrase after it can be; a relation of a license or a kind ("Apache-licensed structure predictor") cannot."""
        return any(self.p.fields[s.a].type in ("refs", "names") for s in self.spans[j].of("relation"))

    def _category(self, k: int) -> Cond | None:
        """Record the category a noun or category phrase names (added to set questions later); a negated one
        ("ignore pretrained base models") is returned to join the conditions where its negation stands."""
        span = self.spans[k]
        key = self.p.category_field
        if key is None:
            return None
        cats = [s.a for s in span.of("category")]
        if not cats:
            for sense in span.of("noun"):
                cats += self.p.nouns[int(sense.a)].categories
            cats = self._narrowed(k, cats)
        if not cats or self._purpose(k):
            return None
        j = self.prev(k)
        if j is not None and not span.has("noun") and self._names_object(j):
            return None  # "fine-tuned from a base model other than Falbo": the relation's object, not the set asked
        if self._object_of_preposition(k):
            return None  # "the models … trained mostly on the Acmeweb corpus": what the set's entries used
        last = self.toks[span.end - 1]
        if k and self.spans[k - 1].has("entry") and self.spans[k - 1].end == span.start and last.low == last.stem:
            return None  # "applies DPO to a Falbo base model": that entry's own noun (singular)
        if span.has("field") and span.start > 0 and self.toks[span.start - 1].low == "whose":
            return None  # "alignment entries whose base model …": a field of the set's entries, not a set
        cats = list(dict.fromkeys(cats))
        label = " or ".join(self.p.category_title(c).lower() for c in cats)
        atom: Cond = Atom(key, "eq", tuple(cats), label)
        self.out.category_spans.add(k)
        # left out by a word after it ("setting the benchmarks aside"): a condition, negated where it stands
        nxt = k + 1
        after = nxt < len(self.spans) and self.spans[nxt].start - span.end <= 1 and self.spans[nxt].g("after_neg")
        if after and self._ends_clause(nxt):
            return atom
        # a negation up to two words back ("not pretrained base models", "ignore the base models")
        for j in range(k - 1, -1, -1):
            if self.spans[k].start - self.spans[j].end > 2:
                break
            if self.spans[j].g("neg", "neither", "nor"):
                return atom  # ("neither base models nor Acme collections": each one the negation binds)
            owner = self.words(self.spans[j]).lower() in ("its", "their")  # "apart from its base models"
            # ("NOT in the assistant section": a preposition between)
            preposition = self.words(self.spans[j]).lower() in ("in", "of", "from", "among")
            if self.spans[j].senses and not self.spans[j].g("only") and not owner and not preposition:
                break
        self.out.categories.append(atom)
        self.out.category_at[k] = atom
        return None

    def _narrowed(self, k: int, cats: list[str]) -> list[str]:
        """ "a feedback dataset": a word no phrase covers, right before a noun that may mean several categories,
        narrows them to those whose own words or title use it."""
        start = self.spans[k].start
        if start == 0 or start - 1 in self.span_at or len(cats) < 2:
            return cats
        word = self.toks[start - 1].low
        noun_words = [w for sense in self.spans[k].of("noun") for w in self.p.nouns[int(sense.a)].words]
        if any(word in w.split() for w in noun_words):
            return cats  # "protein models" when the noun's own phrases say "protein language model": no narrowing
        # (its title, or a two-word phrase of it that opens with the word: "feedback" of "alignment from feedback";
        # not a word deep in a longer phrase, "sequence" of "sequence generation model")
        own = {
            c.id
            for c in self.p.categories
            if c.id in cats
            and (
                word in c.title.lower().replace("-", " ").split()
                or any(w.lower().split()[0] == word and len(w.split()) == 2 for w in c.words)
            )
        }
        return [c for c in cats if c in own] or cats


# words after a name that mean its line of versions ("the Falbo versions") or a thing of that line ("a Falbo model")
_LINE_WORDS = frozenset({"versions", "family", "series", "releases", "generations", "iterations", "line"})
_KIND_WORDS = frozenset(
    {"model", "models", "base", "checkpoint", "checkpoints", "variant", "variants", "version", "works", "entries"}
)


def _widened(cond: Cond, rid: str, line: tuple[str, ...], shown: str) -> Cond:
    """``cond`` with a value naming entry ``rid`` widened to every entry of its line."""

    def widen(atom: Atom) -> Atom:
        if f"entry:{rid}" not in atom.values or atom.op != "has":
            return atom
        values = tuple(dict.fromkeys([*atom.values, *(f"entry:{i}" for i in line)]))
        return replace(atom, values=values, label=f"{atom.label} ({shown})")

    return map_atoms(cond, widen)


def _combine(items: list[str], atoms: list[Cond], fields: list[str]) -> Cond | None:
    """Parse the and/or/not string over atoms. "not" scopes over the list that follows it when its atoms name the
    same field ("not from A or B", "exclude A, B and C" = none of them), and never beyond a closing parenthesis."""
    if not atoms:
        return None
    # commas: "A, B or C" is an or-list, "A, B and C" an and-list, "neither A, B nor C" a nor-list
    tokens: list[str] = []
    for i, item in enumerate(items):
        if item == ",":
            rest = items[i + 1 :]
            tokens.append(next((t for t in rest if t in ("|", "&", "R")), "&"))
        else:
            tokens.append(item)
    cleaned = _clean(tokens)
    # scope: "! A | B", "! A & B" (same field) -> "! ( A | B )"
    scoped: list[str] = []
    i = 0
    while i < len(cleaned):
        tok = cleaned[i]
        if tok == "!" and i + 1 < len(cleaned) and cleaned[i + 1].startswith("A"):
            j = i + 1
            group = [cleaned[j]]
            field = fields[int(cleaned[j][1:])]
            while j + 2 < len(cleaned) and cleaned[j + 1] in ("|", "&") and cleaned[j + 2].startswith("A"):
                if fields[int(cleaned[j + 2][1:])] != field:
                    break  # "not from A and released in 2023", "besides A, … or usable": it ends with its field
                group += ["|", cleaned[j + 2]]
                j += 2
            scoped += ["!", "(", *group, ")"] if len(group) > 1 else ["!", group[0]]
            i = j + 1
            continue
        scoped.append(tok)
        i += 1
    # "neither A nor B" needs both; otherwise N is a plain not and R a plain and
    if "N" in scoped and "R" not in scoped:
        scoped = ["!" if t == "N" else t for t in scoped]
    if "R" in scoped and "N" not in scoped:
        scoped = ["&" if t == "R" else t for t in scoped]
    try:
        return _Build(atoms).transform(_parser().parse(" ".join(_bind_or(_explicit_and(_clean(scoped)), fields))))
    except LarkError:
        return And(tuple(atoms)) if len(atoms) > 1 else atoms[0]


def _explicit_and(tokens: list[str]) -> list[str]:
    """Write out the "and" that two conditions side by side mean ("Acme or Wren base models pretrained on more than
    1T tokens"), so that an "or" before them binds as it would before a written "and"."""
    out: list[str] = []
    for tok in tokens:
        if out and (out[-1].startswith("A") or out[-1] == ")") and (tok.startswith("A") or tok in ("!", "N", "(")):
            out.append("&")
        out.append(tok)
    return out


def _bind_or(tokens: list[str], fields: list[str]) -> list[str]:
    """ "human-written or curated data and usable commercially": an "or" between values of one field binds
    tighter than an "and" that adds another field, so each part between top-level "and"s that holds such an "or"
    is grouped."""
    parts: list[list[str]] = [[]]
    depth = 0
    for tok in tokens:
        depth += (tok == "(") - (tok == ")")
        if tok == "&" and depth == 0:
            parts.append([])
        else:
            parts[-1].append(tok)
    if len(parts) == 1:
        return tokens

    def same_field_or(part: list[str]) -> bool:
        depth = 0
        for i, tok in enumerate(part):
            depth += (tok == "(") - (tok == ")")
            if tok == "|" and depth == 0:
                left = [t for t in part[:i] if t.startswith("A")]
                right = [t for t in part[i + 1 :] if t.startswith("A")]
                if left and right and fields[int(left[-1][1:])] == fields[int(right[0][1:])]:
                    return True
        return False

    out: list[str] = []
    for i, part in enumerate(parts):
        if i:
            out.append("&")
        out += ["(", *part, ")"] if same_field_or(part) else part
    return out


def _clean(tokens: list[str]) -> list[str]:
    """Drop connectors that join nothing, negations that negate nothing, and parentheses around nothing."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        later_atom = any(t.startswith("A") for t in tokens[i:])
        if tok in ("&", "|", "R") and (not out or out[-1] in ("&", "|", "!", "N", "R", "(") or not later_atom):
            continue
        if tok in ("!", "N") and not later_atom:
            continue
        if tok == "!" and out and out[-1] == "!":
            out.pop()  # "not … no …" cancel out
            continue
        if tok == ")":
            while out and out[-1] in ("&", "|", "!", "N", "R"):
                out.pop()
            if out and out[-1] == "(":
                out.pop()
                continue
            if out.count("(") <= out.count(")"):
                continue
        out.append(tok)
    while out and out[-1] in ("&", "|", "!", "N", "R", "("):
        out.pop()
    out += [")"] * (out.count("(") - out.count(")"))
    return out


def read_conditions(
    lex: Lexicon,
    text: str,
    toks: list[Token],
    spans: list[Span],
    value_of: Callable[[str, str], Any],
    compare_frame: bool = False,
    set_frame: bool = False,
    selection: bool = False,
    focus: str | None = None,
    asked: tuple[str, ...] = (),
) -> Reading:
    """The conditions a tagged question states, and the roles of the entries it names. ``focus`` is the entry the
    conversation is about, for "the same teacher" said without "as …"; ``asked`` the fields asked last, for "built
    the same way" said right after one was answered."""
    reader = _Reader(lex, text, toks, spans, value_of, compare_frame, set_frame, selection)
    reader.focus = focus
    reader.asked = asked
    return reader.read()
