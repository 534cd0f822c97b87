"""Tag the words of a question: entry names, field words, values, categories, numbers, dates and grammar words.

The lexicon is built from the review profile (field words, relation words, enum values, categories, nouns, units,
ranking adjectives, value vocabularies and groups) and from the entries (names, aliases, stored values). The grammar
words — negation, comparison, conjunction, reference, question words — are those of English questions in general and
are the only words this module holds itself. Tagging is one pass over the question's tokens, longest phrase first,
so its time grows linearly with the question's length. What the tags mean together is ``parse.py``'s job.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

from pydantic import BaseModel
from rapidfuzz import fuzz

from .budget import check
from .names import NameTable, common_word, zipf
from .profile import Profile
from .values import Vocabulary, format_count, name_key, tokens, vocabularies

__all__ = ["GRAMMAR", "Lexicon", "Sense", "Span", "Token", "tokenize"]

MAX_PHRASE = 8

# Verbs of removal: a negation that says the thing was there to remove (tagged "neg" and "removes").
_REMOVAL = ("get rid of", "gets rid of", "got rid of", "getting rid of", "do away with", "does away with",
            "did away with", "eliminate", "eliminates", "eliminated", "dispense with", "dispenses with", "removes",
            "removed", "drops", "dropped")  # fmt: skip
# Phrases of no relation: "nothing to do with Falbo" (tagged "neg" and "unrelated").
_UNRELATED = ("nothing to do with", "unrelated to", "no relation to", "no connection to", "not related to",
              "not connected to")  # fmt: skip

# The grammar of questions in general: tag -> phrases. Nothing here belongs to one review.
GRAMMAR: dict[str, tuple[str, ...]] = {
    "elapsed": ("how long", "how much time", "how many months", "how many years", "time between", "gap between",
                "time gap", "how far apart", "months apart", "years apart", "how much later", "how much earlier",
                "before or after", "after or before", "earlier or later", "later or earlier"),  # two dates in order
    # where the answer should come from, said of the review itself: it adds no condition ("… according to the review")
    "attribution": ("according to the review", "according to this review", "according to your review",
                    "according to the corpus", "according to your data", "according to you", "per the review",
                    "as per the review", "in the review", "in this review", "in your review", "the review says",
                    "does the review say", "in the corpus", "in your data", "in your database",
                    "that the review covers", "the review covers", "covered in the review", "listed in the review",
                    "mentioned in the review", "that the review lists", "the review lists"),
    "neg": ("not", "no", "non", "without", "except", "except for", "excluding", "exclude", "excludes", "apart from",
            "other than",
            "besides", "aside from", "but not", "never", "none of", "lacking", "lack", "leave out", "leaving out",
            "omit", "omitting", "ignore", "ignoring", "instead of", "minus", "not counting", "outside of",
            "anything but", "nothing from", "exclusive of", "free of", "rather than", "drop", "remove", "avoid",
            "outside",
            *_REMOVAL,
            "avoided", "avoids", "avoiding", "skip", "skipped", "skipping", "steer clear of", "excluded",
            "leave aside", "set aside", "leaving aside", "putting aside", "put aside", "does not", "did not", "do not",
            "is not", "are not",
            "was not", "were not", "has not", "have not", "had not", "cannot", "can not", "will not", "forbid",
            "forbids", "forbidden", "prohibit", "prohibits", "prohibited", "disallow", "disallows", "disallowed",
            "ban", "bans", "banned", "rules out", "rule out", "ruled out", "preclude", "precludes", "precluded",
            "nothing", *_UNRELATED, "setting aside", "other than those", "off-limits", "off limits", "barred",
            "barred from", "not allowed", "not permitted", "unusable"),
    # "gets rid of the Acme step": the thing is not there, where one would expect it (also tagged "neg")
    "removes": _REMOVAL,
    # "nothing to do with Falbo": neither Falbo itself nor anything that names it (also tagged "neg")
    "unrelated": _UNRELATED,
    # written after what they leave out: "setting the benchmarks aside", "with Acme's models excluded"
    "after_neg": ("aside", "excluded", "left out", "set aside", "put aside", "omitted", "filtered out",
                  "not included", "not counted", "to one side"),
    "neither": ("neither",),
    "nor": ("nor",),
    "either": ("either",),
    "and": ("and", "as well as", "plus", "along with", "together with", "but", "and also", "while", "whilst"),
    "or": ("or", "and or", "or else"),
    "gt": ("more than", "greater than", "over", "above", "exceeding", "exceeds", "exceed", "beyond", "larger than",
           "bigger than", "higher than", "upwards of", "in excess of", "north of", "bigger", "larger", "more"),
    "ge": ("at least", "no less than", "no fewer than", "or more", "minimum of", "a minimum of", "or larger",
           "or bigger", "or above", "and up", "and above", "or greater", "or higher", "or newer", "or over"),
    "lt": ("less than", "fewer than", "under", "below", "smaller than", "lower than", "beneath", "fewer", "less",
           "smaller", "sub"),
    "le": ("at most", "up to", "no more than", "or less", "or fewer", "maximum of", "a maximum of", "not more than",
           "or smaller", "or below", "and below", "and under", "or lower", "or under"),
    "before": ("before", "earlier than", "prior to", "older than", "preceding", "predating", "pre", "earlier",
               "predate", "predates", "pre-date", "pre-dates", "came before", "released before"),
    "after": ("after", "later than", "newer than", "following", "post", "more recent than", "subsequent to", "later",
              "postdate", "postdates", "post-date", "came after", "released after"),
    "since": ("since", "starting", "starting from", "from onwards", "onwards", "onward", "or later", "and later",
              "and after", "or after", "on or after", "starting in", "beginning in"),
    "until": ("until", "till", "by", "through", "no later than", "or earlier", "and earlier", "or before",
              "on or before"),
    "in": ("in", "during", "of", "dated", "released in", "published in", "from the year", "within", "from"),
    "between": ("between",),
    "than": ("than",),
    "as": ("as",),
    "same": ("same", "same as", "the same", "identical"),
    "ref": ("it", "its", "this", "this one", "that one", "that model", "this model", "that dataset", "this dataset",
            "that paper", "this paper", "that work", "this work", "the model", "the dataset", "the paper",
            "the work", "the former", "the latter", "the first one", "the second one", "the last one",
            "the other one", "the same one", "that entry", "this entry", "the entry", "that method",
            "this method", "the method", "that base model", "the base one", "that", "itself", "the project",
            "that project", "that collection", "this collection", "the collection", "the authors", "its authors",
            "the researchers", "the creators", "the developers", "there", "in there"),
    "pair": ("the two", "these two", "those two", "both", "both of them", "the two of them", "which of these two",
             "which of the two", "which of those two", "of the two", "between the two", "between them",
             "between these two", "between those two", "either of them", "either one", "each of them",
             "which one of the two", "which of both", "the pair", "this pair", "these 2", "the 2",
             "of those two", "of these two", "of the two of them", "those 2", "of those 2"),
    "refs": ("they", "them", "their", "theirs", "those", "these", "all of them",
             "these ones", "those ones", "the ones above", "these models", "those models", "these datasets",
             "those datasets", "these works", "those works", "the above", "these papers", "those papers",
             "the results", "that list", "this list", "the list", "each", "each one"),
    "within": ("which of them", "which of those", "which of these", "of them", "of those", "of these",
               "among them", "among those", "among these", "which ones of them", "of the above", "among the above",
               "out of those", "out of these", "out of them", "from those", "from these", "from that list",
               "from the list", "in that list", "in the list", "how many of them", "how many of those",
               "of the rest", "the rest", "of the remaining", "the remaining ones", "the remaining", "of what's left",
               "what's left", "the others", "of the others",
               "how many of these", "which one of them", "which one of these", "which one of those"),
    "list": ("which", "what", "list", "show", "show me", "name", "give", "give me", "find", "enumerate",
             "are there", "is there", "any", "all", "every", "all the", "what are the", "which are the",
             "which ones", "what ones", "tell me which", "i want", "i need", "i'm looking for", "looking for",
             "search for", "get", "display", "anything", "everything", "entries"),
    "options": ("what are my options", "my options", "what options", "which options", "what are the options",
                "any options", "options", "choices", "alternatives", "candidates", "what can i use", "what could i use",
                "recommendations", "suggestions"),
    "count": ("how many", "number of", "count", "count of", "total number", "how much of"),
    "about": ("what about", "how about", "same for", "same question for", "same question", "the same question",
              "same thing", "the same thing", "and for", "also for", "what of",
              "now for", "and what about", "and how about", "then for"),
    "compare": ("compare", "comparison", "compared", "comparing", "versus", "vs", "difference", "differences",
                "differ", "contrast", "side by side", "against", "different from", "how do they differ"),
    "which_one": ("which one", "which is", "which has", "which was", "which had", "which of", "who has",
                  "which one has", "which one is", "which had the", "which did", "which got", "which used",
                  "who is", "which came", "which were"),
    "why": ("why", "how does", "how did", "how do", "how is", "how was", "how were", "how can", "introduce",
            "introduced", "introduces", "propose", "proposed", "proposes", "contribution", "contributions",
            "contribute", "novel", "idea", "key idea", "main idea", "findings", "finding", "showed", "shown",
            "claim", "claims", "claimed", "problem", "motivation", "goal", "purpose", "special", "innovation",
            "achieve", "achieved", "improve", "improved", "improves", "trick", "insight", "insights", "lesson",
            "lessons", "main point", "takeaway", "takeaways", "conclusion", "conclude", "learned", "mechanism",
            "observe", "observed", "reported", "evaluate", "evaluated", "evaluation", "outperform", "outperforms",
            "beat", "beats", "cost", "costs", "score", "scores", "scored", "discover", "discovered", "demonstrate",
            "demonstrated", "argue", "argued", "notable", "unique", "address", "addresses", "solve", "solves",
            "aim", "aims", "enable", "enables", "how well", "how good", "what happened", "result", "results",
            "what makes", "what made", "try to answer", "tries to answer", "tried to answer", "set out to",
            "difference between", "key finding", "key contribution", "main contribution", "why is",
            "why was", "why did", "how come", "how much did", "budget", "price", "improvement", "improvements",
            "gain", "gains", "add on top of", "adds on top of", "added on top of", "what does it add",
            "get rid of", "gets rid of", "got rid of", "do away with", "does away with", "eliminate", "eliminates",
            "hardware", "gpus", "gpu", "benchmark", "benchmarks", "performance", "perform", "accuracy",
            "win rate", "human evaluation", "judge", "judged", "what for", "used for", "useful for",
            "intended for", "designed for", "meant for", "filter", "filtered", "filtering", "pipeline", "steps",
            "procedure", "process", "stage", "stages", "loss", "objective", "context length", "languages",
            "language", "multilingual", "released with", "prompt", "prompts", "template", "templates"),
    # a verb of what a work found or did, asked after naming it ("what did Falbo show", "what does Wren do
    # differently"): its text answers, whatever fields the rest of the question names
    "finding": ("show", "shows", "showed", "find", "finds", "found", "report", "reports", "reported", "demonstrate",
                "demonstrates", "demonstrated", "design", "designs", "designed", "do differently", "does differently",
                "did differently", "suggest", "suggests", "suggested", "reveal", "reveals", "revealed", "conclude",
                "concluded", "concludes", "establish", "established", "prove", "proved"),
    "text": ("find", "found", "show", "shows", "report", "reports", "work", "works", "do", "does", "did",
             "approach", "technique", "recipe", "trained", "train", "training", "new", "explain", "key", "main",
             "focus", "learn", "about"),
    "tell": ("tell me about", "what is", "what's", "describe", "overview of", "info on", "information about",
             "summary of", "summarize", "summarise", "tell me more about", "explain", "who is", "what are",
             "details on", "details of", "more about", "anything about", "give me an overview of",
             "what do you know about", "about", "gist of", "the gist of", "in a nutshell", "tldr", "tl;dr",
             "rundown on", "rundown of", "quick summary of", "brief summary of", "short summary of"),
    "yesno": ("is", "was", "are", "were", "does", "did", "do", "can", "could", "has", "have", "had", "should",
              "will", "would", "isn't", "wasn't", "doesn't", "didn't"),
    "example": ("like", "such as", "e g", "eg", "for example", "for instance", "including", "say"),
    "top": ("top",),
    "most": ("most", "largest", "biggest", "highest", "greatest", "maximum", "max", "the most"),
    "least": ("fewest", "least", "smallest", "lowest", "minimum", "min", "the fewest", "the least", "tiniest"),
    "order": ("rank", "ranked", "sort", "sorted", "order", "ordered", "arrange", "arranged", "rank them",
              "sort them", "order them"),
    "only": ("only", "just", "exclusively", "solely", "purely", "entirely", "wholly"),
    "one": ("one", "the one", "a single", "single"),
    "plural": ("ones",),
    # another version of the entry referred to ("its successor", "the earlier version of Falbo")
    "successor": ("successor", "successors", "later version", "newer version", "next version", "next generation",
                  "sequel", "next iteration"),
    "predecessor": ("predecessor", "predecessors", "earlier version", "previous version", "older version",
                    "prior version", "previous generation", "precursor"),
}  # fmt: skip

_PEOPLE_OF_A_WORK = frozenset("authors researchers creators developers".split())
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "half": 0.5, "dozen": 12,
}  # fmt: skip
_SCALE_WORDS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "b": 1e9,
                "bn": 1e9, "trillion": 1e12, "t": 1e12, "tn": 1e12}  # fmt: skip
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTHS |= {"sept": 9}
_TOKEN = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[A-Za-z]*|[A-Za-z][A-Za-z0-9]*|[<>]=?")


@dataclass(frozen=True)
class Token:
    text: str  # as written
    low: str
    stem: str
    start: int  # character offsets
    end: int
    possessive: bool = False  # "Corvid's"
    capital: bool = False  # written with a capital letter (not at the start of the question)


_QUESTION_WORDS = ("what", "which", "when", "where", "who", "whose", "how", "why", "does", "did", "were", "have", "has")


_BRITISH = re.compile(r"is(ation|e|ed|er|ing)$")  # "optimisation", "tokeniser": the British spelling of "-ize"


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's singular: phrases match whatever the number of their nouns ("licenses" = "license"). Other
    inflections are listed in the profile, which keeps matching predictable ("collections" is not "collectives").
    British spellings of "-ize" words are read as the American ones ("optimisation" = "optimization")."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return _BRITISH.sub(r"iz\1", word) if len(word) >= 8 else word


# Words of quantity that may stand inside a phrase of the review ("evaluated on a range of NLP tasks")
_QUANTITY_FILLERS = tuple(
    tuple(f.split())
    for f in (
        "a wide range of", "a broad range of", "a wide variety of", "a range of", "a variety of", "a number of",
        "a set of", "a suite of", "a bunch of", "a lot of", "lots of", "a few", "various", "several", "many",
        "multiple", "different", "diverse", "numerous",
    )
)  # fmt: skip


def _owned_fields(toks: list[Token], spans: list[Span], candidates: list[Span], kinds: set[str]) -> None:
    """ "Falbo's preference tuning method", "its alignment approach": what an entry owns is a field of it, not a kind
    of entry; a kind's phrase written after an owner is read as the longest field phrase inside it — unless that is
    the word of the field of kinds itself ("its reasoning category" names the kind; ``kinds`` are those fields)."""
    for span in spans:
        if not span.has("category") or span.start == 0:
            continue
        owner = toks[span.start - 1]
        if not (owner.possessive or owner.low in ("its", "their")):
            continue
        # "its base models": the field the kind's phrase also names (but "Acme's base models", "what has Acme made
        # apart from its base models": the kind, of a maker named)
        maker = any(sp.has("value") and sp.end <= span.start for sp in spans)
        if span.has("field") and not maker:
            span.senses = [s for s in span.senses if s.kind == "field"]
            continue
        if span.has("field"):
            continue
        inside = [
            c for c in candidates if c.has("field") and span.start <= c.start and c.end <= span.end and c is not span
        ]
        if inside:
            best = max(inside, key=lambda c: c.end - c.start)
            if best.end == span.end and best.start > span.start and {s.a for s in best.of("field")} <= kinds:
                continue
            span.senses = [s for s in best.senses if s.kind == "field"]


def _normalise(text: str) -> str:
    """Contractions spelt out, curly quotes straightened; the length of the text may change."""
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"\bw/o\b", "without", text, flags=re.I)
    text = re.sub(r"\bw/", "with ", text, flags=re.I)
    text = re.sub(r"\bcan't\b", "can not", text, flags=re.I)
    text = re.sub(r"\bwon't\b", "will not", text, flags=re.I)
    text = re.sub(r"n't\b", " not", text, flags=re.I)
    # the same contractions typed without the apostrophe ("werent", "doesnt", "cant")
    text = re.sub(
        r"\b(is|are|was|were|do|does|did|has|have|had|could|would|should|must|need)nt\b", r"\1 not", text, flags=re.I
    )
    text = re.sub(r"\b(what|who|where|when|how|that|there)s\b", r"\1 is", text, flags=re.I)  # "whats", "hows"
    return re.sub(r"\b(ca|wo)nt\b", lambda m: "can not" if m.group(1).lower() == "ca" else "will not", text, flags=re.I)


def tokenize(text: str) -> tuple[str, list[Token]]:
    """(normalised text, tokens with offsets into it)."""
    text = _normalise(text)
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        low = word.lower()
        possessive = text[m.end() : m.end() + 2] in ("'s", "s'") or text[m.end() : m.end() + 1] == "'"
        capital = word[:1].isupper() and bool(out) and not re.search(r"[.?!]\s*$", text[: m.start()])
        out.append(Token(word, low, stem(low) if low.isalpha() else low, m.start(), m.end(), possessive, capital))
    # "Corvid's": drop the "s" left over from the possessive
    return text, [t for i, t in enumerate(out) if not (t.low == "s" and i and out[i - 1].possessive)]


@dataclass(frozen=True)
class Sense:
    """One meaning of a phrase: kind and payload, e.g. ("field", "license") or ("g", "neg")."""

    kind: str
    a: str = ""
    b: str = ""


@dataclass
class Span:
    """Tokens ``start``..``end`` (exclusive) of the question and what they may mean."""

    start: int
    end: int
    senses: list[Sense] = field(default_factory=list)
    number: float | None = None  # for numbers: the value
    suffix: str = ""  # for numbers: a magnitude letter written after it ("7B" -> "b")
    step: float = 1.0  # for numbers: the last written digit's worth ("6.7B" -> 1e8)
    date: tuple[str, str] | None = None  # for dates: (first, last) month as YYYY-MM
    fuzzy: bool = False  # an entry name matched despite a typo

    def has(self, kind: str, a: str | None = None) -> bool:
        return any(s.kind == kind and (a is None or s.a == a) for s in self.senses)

    def of(self, kind: str) -> list[Sense]:
        return [s for s in self.senses if s.kind == kind]

    def g(self, *tags: str) -> bool:
        return any(s.kind == "g" and s.a in tags for s in self.senses)


def _stem_key(phrase: str) -> tuple[str, ...]:
    _, toks = tokenize(phrase)
    return tuple(t.stem for t in toks)


class Lexicon:
    """Every phrase of the profile, the entries and the grammar, indexed for longest-first matching."""

    def __init__(self, profile: Profile, ids: Sequence[str], entries: Sequence[Any]) -> None:
        self.profile = profile
        self.vocabs: dict[str, Vocabulary] = vocabularies(profile)
        self._by_stem: dict[tuple[str, ...], list[Sense]] = defaultdict(list)
        self._by_key: dict[str, list[Sense]] = defaultdict(list)
        self._add_profile(profile)
        for tag, phrases in GRAMMAR.items():
            for phrase in phrases:
                self._add(phrase, Sense("g", tag), by_key=False)
        self._category_modifiers(profile)
        alias_field = profile.first_of("aliases")
        names = [[e.name, *((getattr(e, alias_field, None) or []) if alias_field else [])] for e in entries]
        # Words the review uses (profile phrases, vocabulary, stored values) are never read as misspelt names.
        known_words: set[str] = {k[0] for k in self._by_stem if len(k) == 1}
        known_words |= {w for v in self.vocabs.values() for e in v.entries.values() for w in tokens(e.name)}
        values = [" | ".join(str(v) for v in e.model_dump(mode="json").values()) for e in entries]  # each entry once
        self.corpus_words = {w for text in values for w in tokens(text)}  # a word the review uses is no unknown name
        # words the entries write in capitals ("DMS", "MSA"): acronyms of the review's own
        self.corpus_acronyms = {w for text in values for w in re.findall(r"\b[A-Z]{2,}\b", text)}
        size_keys = profile.fields_of("sizes")
        sizes = [[v * profile.fields[k].scale for k in size_keys for v in (getattr(e, k, None) or [])] for e in entries]
        reserved = {name_key(n) for v in self.vocabs.values() for e in v.entries.values() for n in (e.name, *e.aliases)}
        self.names = NameTable(ids, names, known_words | self.corpus_words, sizes, reserved)
        self.entry_sizes = {rid: {format_count(v) for v in known} for rid, known in zip(ids, sizes, strict=True)}
        self.ids = list(ids)
        self.value_words = _value_words(profile, entries)
        # "the Falbo ones", "the Falbo papers": plural nouns of the review's entries after the start of names
        self._plural_nouns = {w for noun in profile.nouns for w in noun.words if w.endswith("s")} | {"ones"}
        # every word of each short field's values, distinctive or not ("modelling" in training objectives)
        self.field_words = {
            key: {w for e in entries for w in tokens(str(getattr(e, key, "") or ""))}
            for key in short_fields(profile, entries)
        }
        self._short_words = set().union(*self.field_words.values())  # any word of a short field's values
        # names written in the short fields' values ("Falbo-IML 30B" among base models), not only in prose
        self._stored_keys = _known_keys(
            [" | ".join(str(getattr(e, key, "") or "") for key in self.field_words) for e in entries]
        )
        self._phrase_words = {w for key in self._by_stem for w in key}  # words of the profile's and grammar's phrases
        # names the review knows as written with a number: stored values and vocabulary spellings ("Mentor-4")
        self._value_keys = {k for v in self.vocabs.values() for k in v.by_key}
        own_keys = [_known_keys([text]) for text in values]
        self._known_keys = set().union(*own_keys) | self._value_keys
        self._own_keys = dict(zip(ids, own_keys, strict=True))  # the names each entry's own values write
        # vocabularies that name things of the kind the review has entries on (some of their values are entries)
        self.entity_vocabs = {name for name, v in self.vocabs.items() if set(v.by_key) & set(self.names.table)}
        # words of the profile's phrases, for forgiving typos in them ("datsets", "licnese", "comercially")
        self._spelling = sorted(
            {w for key, senses in self._by_stem.items() for w in key if len(w) >= 5 and w.isalpha()
             and any(s.kind != "g" for s in senses)}
        )  # fmt: skip

    # ---- building ------------------------------------------------------------------------------------------------
    def _add(self, phrase: str, sense: Sense, by_key: bool = True) -> None:
        key = _stem_key(phrase)
        if key and sense not in self._by_stem[key]:
            self._by_stem[key].append(sense)
        if by_key and len(key) > 1:
            joined = name_key(phrase)
            if joined and sense not in self._by_key[joined]:
                self._by_key[joined].append(sense)

    def _category_modifiers(self, p: Profile) -> None:
        """ "which of those are generative?": the word that makes a category of a noun ("generative" in
        "generative models") names the category alone, when it is one category's only and means nothing else."""
        nouns = {_stem_key(w) for noun in p.nouns for w in noun.words}
        found: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for cat in p.categories:
            for phrase in cat.words:
                key = _stem_key(phrase)
                if len(key) == 2 and key[1:] in nouns:
                    found[key[:1]].add(cat.id)
        self._modifiers = {
            key[0]: cats.pop()
            for key, cats in found.items()
            if len(cats) == 1 and not self._by_stem.get(key) and not common_word(key[0], 5.0)
        }

    def _predicative(self, toks: list[Token], text: str) -> list[Span]:
        """A category's modifier said of a set at the end of a clause ("of those, which are generative?")."""
        out = []
        for i, tok in enumerate(toks):
            cat = self._modifiers.get(tok.stem)
            if cat is None or i == 0 or toks[i - 1].low not in ("are", "is", "were", "was", "be"):
                continue
            if i + 1 == len(toks) or text[tok.end :].lstrip()[:1] in ",;?.!)":
                out.append(Span(i, i + 1, [Sense("category", cat)]))
        return out

    def _add_profile(self, p: Profile) -> None:
        plain: list[tuple[str, Sense]] = []
        for cat in p.categories:
            for phrase in (cat.id, cat.title, *cat.words):
                self._add(phrase, Sense("category", cat.id))
        for i, noun in enumerate(p.nouns):
            for phrase in noun.words:
                self._add(phrase, Sense("noun", str(i)))
        for key, spec in p.fields.items():
            for phrase in (spec.label, *spec.words):
                self._add(phrase, Sense("field", key))
            for phrase in spec.relation:
                self._add(phrase, Sense("relation", key))
            for part, words in spec.part_words.items():
                for phrase in words:
                    self._add(phrase, Sense("part", key, part))
            for value in spec.values:
                # the stored value itself is a phrase only when it is not an everyday word ("no", "yes")
                own = [value.value] if not common_word(value.value, 4.5) else []
                broad = ",".join([value.value, *value.also])
                if not own and spec.multiple and not common_word(value.value, 5.5):
                    plain.append((value.value, Sense("enum", key, broad)))
                for phrase in (*own, *([value.label] if value.label else []), *value.words):
                    self._add(phrase, Sense("enum", key, broad))
                for phrase in value.strict_words:
                    self._add(phrase, Sense("enum", key, value.value))
            for unit in spec.units:
                for phrase in (unit.name, *unit.words):
                    self._add(phrase, Sense("unit", key, unit.name))
            for phrase in spec.unit_words:
                self._add(phrase, Sense("unit", key, ""))
            for phrase in spec.adjectives.asc:
                self._add(phrase, Sense("adj", key, "asc"))
            for phrase in spec.adjectives.desc:
                self._add(phrase, Sense("adj", key, "desc"))
        for name, vocab in self.vocabs.items():
            for entry in vocab.entries.values():
                for phrase in (entry.name, *entry.aliases):
                    self._add(phrase, Sense("value", name, entry.name))
                    joined = name_key(phrase)
                    if joined and Sense("value", name, entry.name) not in self._by_key[joined]:
                        self._by_key[joined].append(Sense("value", name, entry.name))
        for group in p.groups:
            for phrase in (group.id, *group.words):
                self._add(phrase, Sense("group", group.vocabulary, group.id))
        for word, sense in plain:
            # a plain noun stored as one of several values a work can have ("tool" among what it offers) means that
            # value where the review gives the word no other sense ("data" is also a part of links)
            if not self._by_stem.get(_stem_key(word)):
                self._add(word, sense)

    # ---- tagging -------------------------------------------------------------------------------------------------
    def tag(self, question: str) -> tuple[str, list[Token], list[Span]]:
        """(normalised text, tokens, spans) with spans in order, none overlapping; longer phrases win."""
        text, toks = tokenize(question)
        toks = [self._question_word(t) for t in toks]
        candidates: list[Span] = []
        candidates += _dates(toks, text)
        candidates += _numbers(toks, text)
        entries = self._entries(text, toks)
        candidates += entries
        named = {i for span in entries for i in range(span.start, span.end)}
        stems = self._corrected(toks, named)
        for i in range(len(toks) - 2):
            # "train it on", "fine-tune them from": a phrase of the review with a pronoun put inside it
            check()
            if toks[i + 1].low not in ("it", "them"):
                continue
            for verb in (stems[i], stems[i] + "ed", stems[i] + "d"):  # "train it on" ~ "trained on"
                senses = [s for s in self._by_stem.get((verb, stems[i + 2]), ()) if s.kind in ("field", "relation")]
                if senses:  # (a value phrase keeps its pronoun: "use it commercially" is said of "it")
                    candidates.append(Span(i, i + 3, senses))
                    break
        lows = [t.low for t in toks]
        for j in range(1, len(toks) - 1):
            # "evaluated on a range of NLP tasks", "tested on various benchmarks": a phrase of the review with a word
            # of quantity put inside it (or standing for its "multiple")
            check()
            filler = next((f for f in _QUANTITY_FILLERS if tuple(lows[j : j + len(f)]) == f), None)
            if filler is None:
                continue
            after = j + len(filler)
            for i in range(max(0, j - 3), j):
                for end in range(min(len(toks), after + 3), after, -1):
                    inner = (*stems[i:j], *stems[after:end])
                    senses = list(self._by_stem.get(inner, ())) or list(
                        self._by_stem.get((*stems[i:j], "multiple", *stems[after:end]), ())
                    )
                    # (of fields and their values only: "how many is" is no "how is")
                    senses = [sn for sn in senses if sn.kind in ("field", "enum", "relation")]
                    if senses and len(inner) >= 2:
                        candidates.append(Span(i, end, senses))
                        break
        for i in range(len(toks) - 3):
            # "instruction or preference datasets": a word joined to a phrase whose head it shares ("instruction
            # datasets") means that phrase
            if toks[i + 1].low not in ("or", "and") or not toks[i].low.isalpha():
                continue
            for n in (3, 2):
                words = tuple(stems[i + 2 : i + 2 + n])
                alt = (stems[i], *words[1:])
                shared = self._by_stem.get(alt) if len(words) == n and self._by_stem.get(words) else None
                if shared:
                    candidates.append(Span(i, i + 1, list(shared)))
                    break
        for i in range(len(toks) - 2):
            # "leaving Acme out", "leave the base models aside": a negating verb with its object put inside it
            for j in range(i + 2, min(i + 5, len(toks))):
                if toks[j].low not in ("out", "aside", "away", "off"):
                    continue  # a verb and its particle ("leave … out"), not any two words of a phrase
                split = [s for s in self._by_stem.get((stems[i], stems[j]), ()) if s.kind == "g" and s.a == "neg"]
                # (a closing word that negates on its own, "aside", already says it: "setting the X aside")
                closing = any(s.kind == "g" and s.a == "after_neg" for s in self._by_stem.get((stems[j],), ()))
                if split and not closing and not re.search(r"[,;:!?()]", text[toks[i].start : toks[j].end]):
                    candidates.append(Span(i, i + 1, split))
                    break
        for i in range(len(toks)):
            for n in range(min(MAX_PHRASE, len(toks) - i), 0, -1):
                senses = list(self._by_stem.get(tuple(stems[i : i + n]), ()))
                surface = text[toks[i].start : toks[i + n - 1].end]
                if (n > 1 or not senses) and not re.search(r"[,;:!?()]", surface):
                    senses += [s for s in self._by_key.get(name_key(surface), ()) if s not in senses]
                if senses:
                    candidates.append(Span(i, i + n, senses))
            word = toks[i].low
            fields = self.value_words.get(word)
            if fields and not common_word(word, 4.0) and len(word) >= 3 and toks[i].stem not in self._phrase_words:
                candidates.append(Span(i, i + 1, [Sense("word", f) for f in fields]))
        candidates += self._families(toks)
        candidates += self._predicative(toks, text)
        for span in candidates:
            last = toks[span.end - 1]
            people = last.low in _PEOPLE_OF_A_WORK  # "the authors" are the makers of the entry referred to
            if span.g("ref") and last.low != last.stem and span.end - span.start > 1 and not people:
                # "the datasets" is no "the dataset": a plural is a set, not the one entry referred to
                span.senses = [s for s in span.senses if not (s.kind == "g" and s.a == "ref")]
        candidates = [span for span in candidates if span.senses]
        spans = _choose(candidates, toks)
        _owned_fields(toks, spans, candidates, {n for n, f in self.profile.fields.items() if f.type == "category"})
        self._ref_nouns(toks, spans)
        return text, toks, spans

    def in_review_words(self, question: str) -> bool:
        """Whether every word of the question that is not everyday English is one the review's entries use."""
        return all(
            t.low in self.corpus_words or common_word(t.low, 4.5)
            for t in tokenize(question)[1]
            if t.low.isalpha() and len(t.low) >= 4
        )

    def _question_word(self, tok: Token) -> Token:
        """A misspelt question word ("wat", "wich", "whcih") read as the one it is a letter away from, when that one
        alone is, the misspelling is rare and the review does not use it."""
        from rapidfuzz.distance import OSA

        low = tok.low
        if not 3 <= len(low) <= 6 or not low.isalpha() or low in _QUESTION_WORDS or low in self.corpus_words:
            return tok
        near = [w for w in _QUESTION_WORDS if OSA.distance(low, w) == 1]
        if len(near) != 1 or zipf(near[0]) - zipf(low) < 2.0:
            return tok
        return replace(tok, low=near[0], stem=near[0])

    def _corrected(self, toks: list[Token], named: set[int]) -> list[str]:
        """The tokens' stems, with a misspelt word replaced by the word of the review's phrases it most likely
        means ("comercially" -> "commercially", "licens" -> "license"), so whole phrases still match."""
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import OSA

        stems = [t.stem for t in toks]
        for i, tok in enumerate(toks):
            word = tok.stem
            if i in named or len(tok.low) < 5 or word in self._phrase_words or tok.low in self.corpus_words:
                continue
            if not word.isalpha() or common_word(tok.low, 3.0) or (tok.capital and common_word(tok.low, 2.0)):
                continue  # a word in use, or a capitalised one that may be a name ("Kestrel")
            hit = (
                process.extractOne(tok.low, self._spelling, scorer=fuzz.ratio, score_cutoff=85)
                # "tokns": its stem "tokn" is close to "token"; "modles": two letters swapped count as one edit
                or process.extractOne(word, self._spelling, scorer=OSA.normalized_similarity, score_cutoff=0.79)
            )
            # a rare word is corrected; a word in use only when the phrase word is a hundred times more frequent
            # ("commerical" is a common misspelling, "rated" is a word)
            if hit is not None and (not common_word(tok.low, 2.0) or zipf(hit[0]) - zipf(tok.low) >= 2.0):
                stems[i] = hit[0]
        return stems

    def _families(self, toks: list[Token]) -> list[Span]:
        """ "the Falbo family", "Falbo models": every entry whose name starts with a word that is no entry's name."""
        out: list[Span] = []
        for i, tok in enumerate(toks[:-1]):
            after = toks[i + 1].low
            if (
                (after not in _FAMILY_WORDS and after not in self._plural_nouns)
                or len(tok.low) < 3
                or tok.low in self.names.table
            ):
                continue
            if common_word(tok.low, 4.0) and not tok.capital:
                continue  # "a protein family": an everyday word, not the start of names
            members = sorted({rid for key, rid in self.names.table.items() if key.startswith(tok.low)})
            if len(members) >= 2:
                out.append(Span(i, i + 2, [Sense("family", ",".join(members), tok.text)]))
        return out

    def _ref_nouns(self, toks: list[Token], spans: list[Span]) -> None:
        """ "the method", "that dataset", "the one": a reference phrase also names its noun."""
        for span in spans:
            if span.g("ref", "refs", "one") and (span.end - span.start > 1 or span.g("one")):
                last = self._by_stem.get((toks[span.end - 1].stem,), [])
                span.senses += [s for s in last if s.kind == "noun" and s not in span.senses]

    def _entries(self, text: str, toks: list[Token]) -> list[Span]:
        out: list[Span] = []
        starts = {t.start: i for i, t in enumerate(toks)}
        ends = {t.end: i for i, t in enumerate(toks)}
        for m in self.names.find(text):
            end = m.end
            if end not in ends and text[end - 2 : end] in ("'s", "\u2019s"):
                end -= 2  # "Falbo's" matched an alias spelt "Falbo_s": the name, possessive
            if m.start in starts and end in ends:
                span = Span(starts[m.start], ends[end] + 1, [Sense("entry", m.id)], fuzzy=m.score < 100)
                out.append(span)
        return [self._name_then_field(span, text, toks) for span in out]

    def _name_then_field(self, span: Span, text: str, toks: list[Token]) -> Span:
        """A name that is a shorter name of the same entry followed by words ending in a field's phrase ("the Falbo
        technical report" when the paper's title is "Falbo Technical Report"): the shorter name, so that the
        question names the entry and asks the field."""
        ids = {s.a for s in span.of("entry")}
        for cut in range(span.end - 1, span.start, -1):
            tail = tuple(t.stem for t in toks[cut : span.end])
            if any(text[t.start : t.end][:1].isupper() for t in toks[cut : span.end]):
                break  # "the Falbo Technical Report": capitals keep the title whole
            if not any(s.kind == "field" for n in range(1, len(tail) + 1) for s in self._by_stem.get(tail[-n:], ())):
                continue
            prefix = text[toks[span.start].start : toks[cut - 1].end]
            if any(
                m.id in ids and m.start == 0 and m.end == len(prefix) and m.score == 100
                for m in self.names.find(prefix)
            ):
                return Span(span.start, cut, span.senses, fuzzy=span.fuzzy)
        return span

    def unknown_names(self, text: str, toks: list[Token], spans: list[Span]) -> list[tuple[int, int]]:
        """Token ranges that look like names of things the review does not have ("Falbo 3", "Quixtral", "Mentor-7").

        A name is a run of uncovered tokens holding a word that is capitalised, mixes letters and digits, or is not
        English and not the review's — or a name (or rare word) followed by a version number the review does not
        have: "Falbo 3" is not Falbo, and "Mentor-5" is not Mentor-4.
        """
        covered: list[Span | None] = [None] * len(toks)
        for span in spans:
            for i in range(span.start, span.end):
                covered[i] = span
        out: list[tuple[int, int]] = []
        i = 0
        while i < len(toks):
            here = covered[i]
            end = here.end if here is not None else i + 1
            if here is not None and here.has("entry") and self._foreign_size(text, toks, covered, i):
                out.append((i, end + 1))
                i = end + 1
                continue
            if here is not None and here.has("entry") and (longer := self._compound(text, toks, covered, i)) > end:
                out.append((i, longer))
                i = longer
                continue
            if here is not None and here.has("entry") and self._prefixed(text, toks, covered, i):
                out.append((i - 1, end))
                i = end
                continue
            if end < len(toks) and self._versioned(text, toks, covered, i, end):
                out.append((i, end + 1))
                i = end + 1
                continue
            if here is None and self._lettered(text, toks, covered, i):
                out.append((i, i + 2))  # "Corvid C", when the review has Corvid-1 and Corvid-2: another sibling
                i += 2
                continue
            if here is None and self._acronym_named(toks, covered, i):
                out.append((i, i + 1))  # "the QRX benchmark": an acronym the review never uses, named by its noun
                i += 1
                continue
            only_words = here is None or all(s.kind == "word" for s in here.senses)
            if only_words and self._earlier_version(toks, i):
                out.append((i, i + 1))  # "the first Falbo model" when the review has only Falbo 2: it lacks that one
                i += 1
                continue
            if here is None and (joined_end := self._hyphenated_name(text, toks, covered, i)) > i:
                out.append((i, joined_end))  # "Quill-Thinking-v1": words joined by hyphens into a versioned name
                i = joined_end
                continue
            if here is None and self._namelike(toks, i):
                j = i + 1
                while j < len(toks) and covered[j] is None and self._namelike(toks, j):
                    j += 1
                # "Falbo-IF1": a capitalised word the review knows, joined by a hyphen, is part of the name
                joined = i > 0 and covered[i - 1] is None and text[toks[i - 1].end : toks[i].start] == "-"
                start = i - 1 if joined and toks[i - 1].capital and not (out and out[-1][1] > i - 1) else i
                # "Nova Quixtral": a capitalised rare word the review's prose knows, right before, begins the name
                while (
                    start > 1
                    and covered[start - 1] is None
                    and toks[start - 1].capital
                    and not common_word(toks[start - 1].low, 4.0)
                    and text[toks[start - 1].end : toks[start].start] == " "
                    and not (out and out[-1][1] > start - 1)
                ):
                    start -= 1
                out.append((start, j))
                i = j
                continue
            i = end
        return out

    def stored_name(self, text: str) -> bool:
        """Whether a name is written in some entry's short values (a base model, a data source), not only in prose."""
        return name_key(text) in self._stored_keys

    def _foreign_size(self, text: str, toks: list[Token], covered: list[Span | None], i: int) -> bool:
        """A name matched despite a typo, followed by a size its entry does not have ("Mixtrel 8x7B"): another
        model, not a misspelling."""
        span = covered[i]
        if span is None or span.end >= len(toks):
            return False
        nxt = toks[span.end].low
        known = {s.lower() for s in self.entry_sizes.get(span.of("entry")[0].a, ())}
        if not span.fuzzy:
            # "Mentor-30B", "Mentor 30B" when the review's Mentor comes only at 7B: another model (a size written
            # after the name is part of it)
            gap = text[toks[span.end - 1].end : toks[span.end].start]
            joined = gap in ("-", " ", "_")
            return joined and bool(known) and bool(re.fullmatch(r"\d+(\.\d+)?[bm]", nxt)) and nxt not in known
        return bool(re.fullmatch(r"\d+x(\d+(\.\d+)?[bm])?|\d+(\.\d+)?[bm]", nxt)) and nxt not in known

    def _compound(self, text: str, toks: list[Token], covered: list[Span | None], i: int) -> int:
        """The end of a longer name built on the entry named at token i ("Mentor-Chat-Base", "Falbo-Adapter",
        "Wren 2 Long"): capitalised words joined to the name by hyphens, or one capitalised word after it that no
        phrase of the review explains. ``covered[i].end`` when the name stands alone, or is followed by a word of
        relation ("Falbo-based"), a size or another entry."""
        span = covered[i]
        assert span is not None
        end = span.end
        j = end
        while j < len(toks) and text[toks[j - 1].end : toks[j].start] == "-" and self._name_part(toks, covered, j):
            j += 1
        other = covered[j] if j == end and j < len(toks) and text[toks[j - 1].end : toks[j].start] == "-" else None
        if other is not None and other.has("entry") and other.of("entry")[0].a != span.of("entry")[0].a:
            # "Falbo-Wrenset": two entries' names joined into one (Falbo trained on Wrenset), no entry of its own,
            # even when Falbo's notes mention it (as another model); but "Falbo-Wrenset-trained" relates
            after = other.end < len(toks) and text[toks[other.end - 1].end : toks[other.end].start] == "-"
            if toks[other.start].capital and not after and other.end - other.start == 1:
                return other.end
        if j > end:
            # a longer name the entry's own text uses ("Falbo-Chat" in Falbo's notes) is no stranger; one only other
            # entries write ("Falbo-IML" among another entry's data) is a thing without an entry
            return end if self._writes_own(span, text[toks[i].start : toks[j - 1].end]) else j
        if end < len(toks) and text[toks[end - 1].end : toks[end].start] == " " and not _title_case(toks):
            tok = toks[end]
            if tok.capital and tok.low.isalpha() and covered[end] is None and not _version(tok.low):
                # (but "the Falbo README", "Falbo GitHub": a document or place of the work, not another thing)
                return end if tok.low in _DOCUMENT_WORDS else end + 1
        return end

    def _prefixed(self, text: str, toks: list[Token], covered: list[Span | None], i: int) -> bool:
        """Whether a capitalised word no phrase explains stands right before the entry named at token i, inside the
        sentence ("which sizes does Wren Falbo come in?"): a longer name built on it, unless the review's text uses
        it."""
        span, before = covered[i], covered[i - 1]
        if span is None or i < 2:
            return False
        if before is not None and (
            before.end - before.start != 1
            or not all(s.kind in ("word", "unit", "field", "part") for s in before.senses)
        ):
            return False  # "the Acme Falbo": a value of the review, not part of a name ("Code Falbo" may be)
        tok = toks[i - 1]
        # ("Wren Falbo", "Wren-Falbo", "Dr. Falbo": joined by a space, a hyphen, or the point of a short abbreviation)
        gap = text[tok.end : toks[i].start]
        joined = gap in (" ", "-") or (gap == ". " and len(tok.low) <= 3)
        if not (tok.capital and tok.low.isalpha()) or not joined or _version(tok.low):
            return False
        if text[: tok.start].rstrip()[-1:] in ".!?:;\"'(":
            return False  # the first word of a sentence
        if _title_case(toks):
            return False
        # ("Code Falbo" written only in another entry's values is a thing the review mentions, with no entry of its
        # own; written in Falbo's own values, it is Falbo's longer name)
        return not self._writes_own(span, text[tok.start : toks[span.end - 1].end])

    def _writes_own(self, span: Span, name: str) -> bool:
        """Whether the entry named by ``span`` writes ``name`` in its own values (its longer name, not another)."""
        return name_key(name) in self._own_keys.get(span.of("entry")[0].a, set())

    def _name_part(self, toks: list[Token], covered: list[Span | None], j: int) -> bool:
        """Whether token j, written after a hyphen, continues a name: capitalised ("Chat", "LoRA") or a letter
        and digits ("v2"), and not a size, a version or part of another phrase of the review."""
        tok = toks[j]
        span = covered[j]
        if span is not None and not all(s.kind in ("word", "unit", "field") for s in span.senses):
            return False  # "Falbo-based", "Falbo-generated", "Falbo-Wren"
        if re.fullmatch(r"\d+(\.\d+)?[bmk]?|v?\d+(\.\d+)?", tok.low):
            return False  # sizes and versions are judged by their own rules
        return tok.capital or bool(re.search(r"[a-z]\d|\d[a-z]", tok.low))

    def _versioned(self, text: str, toks: list[Token], covered: list[Span | None], i: int, end: int) -> bool:
        """Whether tokens i..end (a name, or one rare word) followed by a version number make an unknown name."""
        span = covered[i]
        nxt = toks[end]
        after = covered[end]
        if not _version(nxt.low) or (after is not None and (after.number is None or after.suffix)):
            return False
        if nxt.start - toks[end - 1].end > 1:
            return False
        if span is not None and not all(s.kind in ("entry", "value", "group", "word") for s in span.senses):
            return False
        # an English word before a number is no name ("publishes 154 checkpoints"), unless joined to it ("quill-2")
        everyday = common_word(toks[i].low, 4.0 if text[toks[end - 1].end : nxt.start] == "-" else 2.5)
        # (but a capitalised word that with another number is an entry's name is that family: "Wren 3" beside "Wren 2")
        low = toks[i].low
        if span is None and (end - i != 1 or not low.isalpha() or (everyday and not self._family(toks[i]))):
            return False
        minor = re.match(r"\.\d", text[nxt.end : nxt.end + 2]) is not None  # "v1.5" is not "v1"
        if span is not None and nxt.low in ("1", "v1", "1.0", "i") and not minor:
            return False  # "Falbo 1": the first version, the one a name without a number means
        # a version the review's text only mentions ("… ahead of Falbo-2-Large") is still another model; one it
        # records as a value ("Mentor-4" as a teacher) is known
        key = name_key(text[toks[i].start : nxt.end])
        known = self._value_keys if span is not None else self._known_keys
        return key not in self.names.table and key not in known

    def _family(self, tok: Token) -> bool:
        """A capitalised word that, followed by a number, is the name of an entry ("Wren" of "Wren 2")."""
        low = tok.low
        return tok.capital and any(k.startswith(low) and k[len(low) : len(low) + 1].isdigit() for k in self.names.table)

    def _lettered(self, text: str, toks: list[Token], covered: list[Span | None], i: int) -> bool:
        """An acronym that begins names of the review's entries, followed by one capital letter ("Corvid C" beside
        Corvid-1 and Corvid-2), is a name of another member of that family, unless the review knows it."""
        if i + 1 >= len(toks) or covered[i + 1] is not None:
            return False
        tok, nxt = toks[i], toks[i + 1]
        if not (tok.text.isupper() and tok.low.isalpha() and len(tok.low) >= 2):
            return False
        if not (len(nxt.text) == 1 and nxt.text.isupper()) or text[tok.end : nxt.start] not in (" ", "-"):
            return False
        if not any(key.startswith(tok.low) and key != tok.low for key in self.names.table):
            return False
        key = name_key(tok.text + nxt.text)
        return key not in self.names.table and key not in self._known_keys

    def _acronym_named(self, toks: list[Token], covered: list[Span | None], i: int) -> bool:
        """An all-capital word the review never uses, after an article and before a category word ("the QRX
        benchmark"): the name of a thing of that kind, even when it spells an everyday word."""
        tok = toks[i]
        nxt = covered[i + 1] if i + 1 < len(toks) else None
        return (
            tok.text.isupper()
            and tok.low.isalpha()
            and len(tok.low) >= 3
            and tok.text not in self.corpus_acronyms
            and i > 0
            and toks[i - 1].low in ("the", "a", "an")
            and nxt is not None
            and nxt.has("category")
        )

    def _earlier_version(self, toks: list[Token], i: int) -> bool:
        """ "the first Falbo", "the original Falbo": a word that is the name of a numbered entry ("Falbo 2") without
        its number, after a word of being earlier, is an earlier version."""
        low = toks[i].low
        earlier = i > 0 and toks[i - 1].low in ("first", "original", "earliest", "initial")
        if not earlier or not low.isalpha() or low in self.names.table:
            return False
        return any(re.fullmatch(rf"{re.escape(low)}\d+", key) for key in self.names.table)

    def _hyphenated_name(self, text: str, toks: list[Token], covered: list[Span | None], i: int) -> int:
        """The end of a run of three or more uncovered words joined by hyphens, from a capitalised one at ``i``, that
        holds a version ("Quill-Thinking-v1", "Wren-Chat-v2"): one name the review does not have, whatever its
        parts are on their own; ``i`` when there is none."""
        if not (toks[i].text[:1].isupper() and (i == 0 or text[toks[i - 1].end : toks[i].start] != "-")):
            return i
        j = i + 1
        while j < len(toks) and covered[j] is None and text[toks[j - 1].end : toks[j].start] == "-":
            j += 1
        versioned = any(any(ch.isdigit() for ch in t.text) and any(ch.isalpha() for ch in t.text) for t in toks[i:j])
        versioned = versioned or any(t.text.isdigit() for t in toks[i + 1 : j])
        return j if j - i >= 3 and versioned else i

    def _namelike(self, toks: list[Token], i: int) -> bool:
        tok = toks[i]
        low = tok.low
        glued = re.fullmatch(r"([a-z][a-z-]*?)-?(\d+)", low)
        if glued and glued.group(1) in self.names.table and name_key(low) not in self.names.table:
            return True  # "Falbo3": a later version of an entry, even when the review's text mentions it
        shaped = bool(re.fullmatch(r"[a-z]+[a-z-]*\d+[a-z]?", low)) and not re.fullmatch(r"[a-z]{1,2}\d+", low)
        if shaped and tok.capital and low not in self._short_words:
            return True  # "Quillfold2": a name the entries' prose only mentions is still no entry of the review
        if tok.capital and low.isalpha() and low not in self.names.table and low not in self._short_words:
            # "OpenFalbo", "FalboChat": a name built on an entry's, even when the review's prose mentions it
            for cut in range(4, len(low) - 2):
                if low[:cut] in self.names.table or low[-cut:] in self.names.table:
                    return True
        if len(low) < 2 or low in self.corpus_words or self._by_stem.get((tok.stem,)) or low.isdigit():
            return False
        if re.fullmatch(r"\d+(\.\d+)?x", low):
            return False  # "16x smaller": a factor, not a name
        if re.search(r"[a-z]", low) and re.search(r"\d", low):
            return True
        adjective = common_word(low, 4.0) and i + 1 < len(toks) and toks[i + 1].text.islower()
        if adjective:
            return False  # "a German university": a capitalised everyday word before a noun describes it
        if tok.capital and not common_word(low, 5.5) and not (tok.text.isupper() and common_word(low, 4.5)):
            return True  # (but "OK", "FYI" written in capitals are words)
        sized = i + 1 < len(toks) and re.fullmatch(r"\d+(\.\d+)?[bm]", toks[i + 1].low)
        if sized and low.isalpha() and not common_word(low, 4.0):
            return True  # "Gemma 7B", even first in the question
        if not tok.capital and _swapped_word(low):
            return False  # "how mnay tokens": an everyday word with two letters swapped, not a name
        return len(low) >= 4 and not common_word(low, 1.0)

    def senses(self, *stems: str) -> list[Sense]:
        """What the phrase made of these word stems means in the lexicon (nothing if it is no phrase)."""
        return list(self._by_stem.get(tuple(stems), []))


def _swapped_word(low: str) -> bool:
    """Whether swapping two neighbouring letters of ``low`` gives a common English word ("mnay" -> "many")."""
    return any(common_word(low[:i] + low[i + 1] + low[i] + low[i + 2 :], 4.5) for i in range(len(low) - 1))


def _known_keys(values: Sequence[str]) -> set[str]:
    """Name keys of every pair of adjacent words in the entries' values, each entry's values joined by " | "
    ("Mentor-4" -> "mentor4")."""
    keys: set[str] = set()
    for text in values:
        for piece in re.split(r"[|:;,.!?()\[\]{}]\s", text):  # words side by side in one phrase, not across a
            keys.update(a + b for a, b in pairwise(tokens(piece)))  # field's key or a sentence's end
    return keys


def short_fields(profile: Profile, entries: Sequence[Any]) -> list[str]:
    """Fields whose values are short phrases (names, references, paper titles, and texts of a few words such as
    "masked language modelling"), not prose: the words of these can select entries."""
    out = []
    for key, spec in profile.fields.items():
        if spec.type in ("names", "refs", "paper"):
            out.append(key)
        elif spec.type == "text":
            values = [str(getattr(e, key)) for e in entries if getattr(e, key, None)]
            if values and (spec.vocabulary or sum(map(len, values)) / len(values) < 120):
                out.append(key)
    return out


def _value_words(profile: Profile, entries: Sequence[Any]) -> dict[str, list[str]]:
    """Distinctive words of short stored values -> the fields they occur in: proper names ("ChatLogz" in
    "Conversations users shared on ChatLogz.com") and rare words ("masked" in "masked language modelling") that
    not most of the entries share."""
    out: dict[str, list[str]] = defaultdict(list)
    for key in short_fields(profile, entries):
        counts: dict[str, int] = defaultdict(int)
        holders = 0
        for entry in entries:
            value = getattr(entry, key, None)
            if isinstance(value, BaseModel):
                value = getattr(value, "title", None)  # a paper: its title (a string's .title is a method)
            texts = value if isinstance(value, list) else [value] if value else []
            holders += bool(texts)
            words: set[str] = set()
            for text in texts:
                for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", str(text)):
                    if not w.islower() or (len(w) >= 4 and not common_word(w, 4.0)):
                        words.add(w.lower())
            for word in words:
                counts[word] += 1
        for word, count in counts.items():
            if count <= max(1, int(holders * 0.7)):
                out[word].append(key)
    return dict(out)


# words for a document or place of a work: after its name they say where, not which thing ("the Falbo README")
_DOCUMENT_WORDS = frozenset(
    "readme repo repository github huggingface paper preprint arxiv blog post website site card abstract appendix "
    "authors team demo docs documentation".split()
)


def _title_case(toks: Sequence[Token]) -> bool:
    """Whether everyday words are capitalised as in a title ("Is Wren Open Source?"), so capitals mark no names."""
    return sum(t.capital and common_word(t.low, 4.0) for t in toks) >= 3


def asks_difference(toks: Sequence[Token]) -> bool:
    """Whether the question asks for a difference ("the difference in X between …", "how do they differ", "gap"),
    forgiving a typo in "difference"."""
    return any(
        t.stem in ("differ", "difference", "gap") or (len(t.low) >= 8 and fuzz.ratio(t.low, "difference") >= 85)
        for t in toks
    )


def _version(low: str) -> bool:
    """A version number after a name ("3", "3.1", "v2", "ii"), not a size ("7b", "52k")."""
    return bool(re.fullmatch(r"v?\d+(\.\d+)?|i{2,3}|iv|x", low)) and not re.fullmatch(r"\d{4}", low)


def _choose(candidates: list[Span], toks: Sequence[Token] = ()) -> list[Span]:
    """Non-overlapping spans, longest first; spans over the same tokens pool their senses (dates and numbers keep
    their values)."""
    toks_first = {i: t.low for i, t in enumerate(toks)}
    merged: dict[tuple[int, int], Span] = {}
    for span in candidates:
        key = (span.start, span.end)
        if key in merged:
            have = merged[key]
            if have.fuzzy != span.fuzzy and (have.has("entry") or span.has("entry")):
                # "protein LMs" is a phrase of the review, not a misspelt entry name over the same words
                exact = span if have.fuzzy else have
                if not exact.has("entry"):
                    merged[key] = exact
                    continue
            have.senses += [s for s in span.senses if s not in have.senses]
            have.number = have.number if have.number is not None else span.number
            have.suffix = have.suffix or span.suffix
            have.date = have.date or span.date
            have.fuzzy = have.fuzzy or span.fuzzy
        else:
            merged[key] = span

    def rank(span: Span) -> tuple[int, int, int, int, int]:
        # longer first; among equal lengths prefer dates, then exact entries, then phrases that do not begin with a
        # question word ("what model sizes" is "model sizes", not "what model") or an article and a noun ("when did
        # the paper appear": "paper appear", not "the paper")
        special = 2 if span.date else (1 if span.has("entry") and not span.fuzzy else 0)
        asks = 0 if toks_first.get(span.start) in ("what", "which", "who", "how") and not span.has("g") else 1
        article = 0 if toks_first.get(span.start) in ("the", "a", "an") and (span.has("noun") or span.g("ref")) else 1
        return (span.end - span.start, special, asks, article, -span.start)

    taken: list[Span] = []
    used: set[int] = set()
    for span in sorted(merged.values(), key=rank, reverse=True):
        cells = set(range(span.start, span.end))
        if not cells & used:
            taken.append(span)
            used |= cells
    return sorted(taken, key=lambda s: s.start)


def _month(low: str) -> int | None:
    """1-12 for a month name or its abbreviation ("may", "sept", "december"), else None."""
    if not low.isalpha() or len(low) < 3:
        return None
    if any(name.startswith(low) for name in _MONTH_NAMES) or low == "sept":
        return _MONTHS.get(low[:3])
    return None


_PARTS_OF_YEAR = {
    ("first", "half"): (1, 6), ("second", "half"): (7, 12), ("h1",): (1, 6), ("h2",): (7, 12),
    ("q1",): (1, 3), ("q2",): (4, 6), ("q3",): (7, 9), ("q4",): (10, 12), ("early",): (1, 4), ("mid",): (6, 7),
    ("late",): (9, 12), ("spring",): (3, 5), ("summer",): (6, 8), ("autumn",): (9, 11), ("fall",): (9, 11),
    ("winter",): (1, 2), ("end",): (10, 12), ("beginning",): (1, 3), ("start",): (1, 3),
    ("first", "quarter"): (1, 3), ("second", "quarter"): (4, 6), ("third", "quarter"): (7, 9),
    ("fourth", "quarter"): (10, 12), ("last", "quarter"): (10, 12),
}  # fmt: skip


def _dates(toks: list[Token], text: str) -> list[Span]:
    """Dates as written: "2023", "2023-05", "05/2023", "May 2023", "March and April 2023", "the second half of
    2023", "Q3 2022", "early 2023"."""
    out: list[Span] = []
    years = {i: t.low for i, t in enumerate(toks) if re.fullmatch(r"(19|20)\d\d", t.low)}
    for i, year in years.items():
        tok = toks[i]
        numeric_month = i + 1 < len(toks) and re.fullmatch(r"0?[1-9]|1[0-2]", toks[i + 1].low)
        if numeric_month and text[tok.end : toks[i + 1].start] in ("-", "/", "."):
            month = f"{year}-{int(toks[i + 1].low):02d}"
            out.append(Span(i, i + 2, [Sense("date")], date=(month, month)))
            continue
        if i >= 1:
            prev = toks[i - 1].low
            number = _month(prev)
            if number:
                month = f"{year}-{number:02d}"
                out.append(Span(i - 1, i + 1, [Sense("date")], date=(month, month)))
                continue
            if re.fullmatch(r"0?[1-9]|1[0-2]", prev) and text[toks[i - 1].end : tok.start] == "/":
                month = f"{year}-{int(prev):02d}"
                out.append(Span(i - 1, i + 1, [Sense("date")], date=(month, month)))
                continue
        # "the second half of 2023", "Q3 2022", "early 2023"
        before = [t.low for t in toks[max(0, i - 3) : i] if t.low not in ("of", "the", "in")]
        for words, (lo, hi) in _PARTS_OF_YEAR.items():
            if tuple(before[-len(words) :]) == words:
                start = (
                    i - 1 - sum(1 for t in toks[max(0, i - 3) : i] if t.low in ("of", "the", "in")) - (len(words) - 1)
                )
                start = max(0, min(start, i - len(words)))
                out.append(Span(start, i + 1, [Sense("date")], date=(f"{year}-{lo:02d}", f"{year}-{hi:02d}")))
                break
        else:
            out.append(Span(i, i + 1, [Sense("date")], date=(f"{year}-01", f"{year}-12")))
    # "in 2023 but not in the first half of the year": a part of "the year" is of the one year written
    if len(set(years.values())) == 1:
        year = next(iter(years.values()))
        for i, tok in enumerate(toks):
            if tok.low != "year" or i == 0 or toks[i - 1].low not in ("the", "that", "this", "same"):
                continue
            before = [t.low for t in toks[max(0, i - 5) : i - 1] if t.low not in ("of", "the", "in")]
            for words, (lo, hi) in _PARTS_OF_YEAR.items():
                if len(words) <= len(before) and tuple(before[-len(words) :]) == words:
                    start = next(j for j in range(max(0, i - 5), i) if toks[j].low == words[0])
                    out.append(Span(start, i + 1, [Sense("date")], date=(f"{year}-{lo:02d}", f"{year}-{hi:02d}")))
                    break
    # a month without its year borrows the next year written ("between March and April 2023") …
    for i, tok in enumerate(toks):
        number = _month(tok.low)
        if (
            number is None
            or i + 1 in years
            or (
                tok.low == "may"
                and not tok.capital
                and i + 1 < len(toks)
                and toks[i + 1].low not in ("and", "to", "or", "through")
            )
        ):
            continue
        # … or the year just written before it ("summer 2023 (June to August)")
        later = [j for j in years if i < j <= i + 5] or [j for j in sorted(years, reverse=True) if i - 6 <= j < i]
        if later:
            month = f"{years[later[0]]}-{number:02d}"
            out.append(Span(i, i + 1, [Sense("date")], date=(month, month)))
    return out + _ranges(out, toks, text)


_RANGE_WORDS = frozenset({"to", "through", "thru", "till", "until", "-", "–", "—"})


def _ranges(dates: list[Span], toks: list[Token], text: str) -> list[Span]:
    """Two dates joined by a range word ("June through August 2023", "2021 to 2022", "March-May 2023"): one date
    from the first's start to the second's end."""
    out: list[Span] = []
    for a in dates:
        for b in dates:
            assert a.date is not None and b.date is not None
            if b.start < a.end or b.date[1] < a.date[0]:
                continue
            between = text[toks[a.end - 1].end : toks[b.start].start].strip().lower()
            if between in _RANGE_WORDS:
                out.append(Span(a.start, b.end, [Sense("date")], date=(a.date[0], b.date[1])))
    return out


_FAMILY_WORDS = frozenset("family families series line lineage variants suite models model branded".split())
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")  # fmt: skip


_MONEY_WORDS = frozenset("dollars dollar usd eur euros euro gbp pounds".split())


def _numbers(toks: list[Token], text: str = "") -> list[Span]:
    """Numbers as written: "52K", "1.4T", "1,000", "100B", "a thousand", "1 trillion", "two million" (but not
    money: "$300", "500 dollars", which counts nothing the review measures)."""
    out: list[Span] = []
    i = 0
    while i < len(toks):
        low = toks[i].low
        money = text[toks[i].start - 1 : toks[i].start] in ("$", "€", "£") if toks[i].start else False
        if money or (i + 1 < len(toks) and toks[i + 1].low in _MONEY_WORDS):
            i += 1
            continue
        m = re.fullmatch(r"((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]*)", low)
        value: float | None = None
        suffix = ""
        end = i + 1
        if m and not re.fullmatch(r"(19|20)\d\d", low):
            value = float(m.group(1).replace(",", ""))
            letters = m.group(2)
            if letters in _SCALE_WORDS:
                value *= _SCALE_WORDS[letters]
                suffix = letters[0]
            elif letters:
                i += 1
                continue  # "003", "t5": not a number
        elif low in _NUMBER_WORDS and i + 1 < len(toks) and (toks[i + 1].low in _SCALE_WORDS or low not in ("a", "an")):
            value = float(_NUMBER_WORDS[low])
        if value is None:
            i += 1
            continue
        # a scale word after the number: "1 trillion", "a thousand", "52 thousand", "7 b"
        while (end < len(toks) and toks[end].low in _SCALE_WORDS and len(toks[end].low) > 1) or (
            end < len(toks) and toks[end].low in ("b", "m", "k", "t") and toks[end].start - toks[end - 1].end <= 1
        ):
            value *= _SCALE_WORDS[toks[end].low]
            suffix = suffix or toks[end].low[0]
            end += 1
            if end >= len(toks):
                break
        if low in ("a", "an") and end == i + 1:
            i += 1
            continue
        digits = m.group(1) if m else ""
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        step = (
            value / float(digits.replace(",", "")) * 10.0**-decimals
            if digits and float(digits.replace(",", ""))
            else 1.0
        )
        out.append(Span(i, end, [Sense("number")], number=value, suffix=suffix, step=step))
        i = end
    return out
