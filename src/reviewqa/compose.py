"""Word the answer: a ``Result`` becomes the sentence that states what was asked, first, with its source.

Each operation has its own wording — a field's value through the profile's answer template, a quoted sentence from
an entry's text, yes or no with the value behind it, a list or count with how the question was read, a ranking with
the value it ranks by, a comparison with its verdict, a refusal that names what the review lacks. Pure: no model,
no index; the values come from the result's records and the profile.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .execute import MAX_LIST_RECORDS, Result, tied
from .profile import Profile, plural
from .query import And, Atom, Cond, Not, Or, Query, Rank, atoms, describe
from .values import display, format_count, is_empty, numbers

__all__ = ["Composer"]


def _join(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


class Composer:
    """Answer sentences for one review (its profile), given entries by id."""

    def __init__(self, profile: Profile, entries: dict[str, Any]) -> None:
        self.p = profile
        self.entries = entries

    def name(self, rid: str) -> str:
        return str(self.entries[rid].name)

    def source(self, rid: str) -> str:
        entry = self.entries[rid]
        paper_key = self.p.first_of("paper")
        paper = getattr(entry, paper_key, None) if paper_key else None
        if paper is not None:
            return f"Source: {paper.url}"
        sources_key = self.p.first_of("sources")
        sources = getattr(entry, sources_key, None) if sources_key else None
        return f"Source: {sources[0].url}" if sources else ""

    def value(self, rid: str, key: str, parts: Sequence[str] = ()) -> str | None:
        raw = getattr(self.entries[rid], key, None)
        spec = self.p.fields[key]
        if parts and spec.type in ("license", "links") and raw is not None:
            chosen = [f"{part}: {getattr(raw, part)}" for part in parts if getattr(raw, part, None)]
            notes = getattr(raw, "notes", None)
            if chosen:
                return "; ".join(chosen)
            if notes:
                return f"{', '.join(parts)} not stated separately; {notes}"
            if spec.type == "links":
                # "where can I get its weights?" when only code and data are linked: say so, then what there is
                return f"no {' or '.join(parts)} link recorded; {display(self.p, key, raw)}"
        return display(self.p, key, raw)

    # ---- one entry -----------------------------------------------------------------------------------------------
    def fact(self, rid: str, key: str, parts: Sequence[str] = ()) -> str | None:
        """The sentence stating field ``key`` of entry ``rid``; None when the review does not record it."""
        spec = self.p.fields[key]
        entry = self.entries[rid]
        value = self.value(rid, key, parts)
        if value is None and spec.fallback and self.p.fields[spec.fallback].type == spec.type:
            value = self.value(rid, spec.fallback)  # a value of the same kind stands in ("the paper date is the date")
        if value is None:
            if spec.fallback and not is_empty(getattr(entry, spec.fallback, None)):
                return self.fact(rid, spec.fallback)
            if spec.missing_answer and all(getattr(entry, k, None) == v for k, v in spec.missing_when.items()):
                return spec.missing_answer.format(name=entry.name)
            return None
        if parts and spec.type == "license":
            return _sentence(f"{spec.label} of {entry.name} ({', '.join(parts)}): {value}")
        template = spec.answer or "{label} of {name}: {value}."
        after = template.split("{value}", 1)[1].split() if "{value}" in template else []
        unit = after[0].strip(".,;") if after else ""
        if unit and re.search(rf"\b{re.escape(unit)}\b", str(value), re.IGNORECASE):
            # "pretrained on {value} tokens" with a value that already says "… tokens" ("… tokens per model")
            template = template.replace("{value} " + unit, "{value}", 1)
        text = template.format(name=entry.name, value=value, label=spec.label)
        return re.sub(r"([.!?])\.(?=\s|$)", r"\1", text)  # a value ending a sentence ends it once

    def describe_entry(self, rid: str) -> str:
        entry = self.entries[rid]
        bits = []
        cat = self.p.category_field
        if cat and getattr(entry, cat, None):
            bits.append(self.p.category_title(getattr(entry, cat)).lower())
        for key in self.p.fields_of("names"):
            shown = display(self.p, key, getattr(entry, key, None))
            if shown and self.p.fields[key].vocabulary:
                bits.append(shown)
                break
        date = self.p.date_field
        if date and getattr(entry, date, None):
            bits.append(str(getattr(entry, date)))
        head = f"{entry.name} ({'; '.join(bits)})" if bits else entry.name
        text_key = self.p.first_of("text")
        text = getattr(entry, text_key, None) if text_key else None
        return f"{head}: {text}" if text else f"{head}."

    def _quotes(self, result: Result, rid: str) -> str:
        quotes = [s for r, _, s in result.sentences if r == rid]
        return " ".join(f"“{q}”" for q in quotes)

    # ---- the answer ----------------------------------------------------------------------------------------------
    def compose(self, result: Result) -> str:
        q = result.query
        op = q.op
        if op == "missing":
            text = f"The review has no entry on {q.missing}."
            if result.suggestions:
                text += f" Entries with similar names: {_join([self.name(s) for s in result.suggestions])}."
            return text
        if result.unrecorded and result.ids:
            names = _join([self.name(rid) for rid in result.ids])
            shown = " ".join(f"{self.describe_entry(rid)} {self.source(rid)}" for rid in result.ids)
            return (
                f"The review does not record {q.attribute} for {names}: no field holds it and no sentence of "
                f"{'the entry' if len(result.ids) == 1 else 'their entries'} mentions it. {shown}"
            )
        if op in ("lookup", "describe", "text") and result.ids:
            return self._lookup(result)
        if op == "verify" and result.ids:
            return self._verify(result)
        if op == "compare" and result.ids:
            return self._compare(result)
        if op in ("list", "count"):
            return self._list(result)
        if op == "rank":
            return self._rank(result)
        if op == "search" and result.ids:
            return self._search(result)
        if op == "tally":
            return self._tally(result)
        return ""

    def _tally(self, result: Result) -> str:
        q = result.query
        assert q.tally is not None
        label = self.p.fields[q.tally].label.lower()
        if not result.tally:
            return f"No {self.p.entry_label} in the review records a {label} ({self._reading(q, result)})."

        def shown(value: str) -> str:
            return self.name(value[6:]) if value.startswith("entry:") else value

        top_count = len(result.tally[0][1])
        leaders = [v for v, ids in result.tally if len(ids) == top_count]
        names = ", ".join(self.name(r) for r in result.tally[0][1])
        head = _join([shown(v) for v in leaders])
        verb = "is" if len(leaders) == 1 else "are"
        text = f"The most frequent {label} {verb} {head}, with {top_count} {self.p.entries(top_count)} ({names})"
        rest = [(v, ids) for v, ids in result.tally if len(ids) < top_count][:3]
        if rest:
            text += "; then " + ", ".join(f"{shown(v)} ({len(ids)})" for v, ids in rest)
        return text + f". (Counted over {result.total} {self.p.entries(result.total)}: {self._reading(q, result)}.)"

    def _notes(self, q: Query) -> str:
        notes = [n for n in q.notes if n]
        return f"({'; '.join(notes)}) " if notes else ""

    def _lookup(self, result: Result) -> str:
        q = result.query
        out: list[str] = []
        for rid in result.ids:
            entry_text: list[str] = []
            if q.op == "lookup":
                facts = {key: self.fact(rid, key, q.parts) for key in q.fields}
                for key in self.p.stated_with(q.fields):
                    if (fact := self.fact(rid, key)) is not None:
                        facts[key] = fact  # "can I use it commercially?": and the license that says so
                recorded = any(facts.values())
                for key, fact in facts.items():
                    if fact is None and key in q.loose and recorded:
                        continue  # an ambiguous word asked for it too ("size"); the recorded reading answers
                    entry_text.append(fact or self._unrecorded(result, rid, key))
                entry_text = list(dict.fromkeys(entry_text))
                if q.rank is not None and q.rank.field in q.fields:
                    picked = self._own_extreme(rid, q.rank)
                    if picked:
                        entry_text.insert(0, picked)
                if q.counted and result.counts.get(rid):
                    entry_text.insert(0, self._counted(rid, result.counts[rid], q.counted))
                quotes = self._quotes(result, rid)
                if quotes and all(facts.values()):
                    entry_text.append(f"Its entry says: {quotes}")
            elif q.op == "text":
                quotes = self._quotes(result, rid)
                asked = {key: self.fact(rid, key, q.parts) for key in q.fields}
                stated = [fact for fact in asked.values() if fact]
                how = q.question.lower().startswith("how")
                if how:
                    # "how was Falbo's training data made?": the field asked states what it was, the text how
                    entry_text += stated
                # a short text field asked ("its context length"), which no sentence of the texts repeats: it and the
                # other fields asked with it are stated
                texts = any(fact and self.p.fields[key].type == "text" for key, fact in asked.items())
                if quotes or not (texts and stated):
                    entry_text.append(
                        f"{self.name(rid)}: {quotes}" if quotes else
                        f"The review's entry on {self.name(rid)} does not say. {self.describe_entry(rid)}"
                    )  # fmt: skip
                elif not how:  # no sentence answers, but the field asked holds it
                    entry_text += stated
            else:
                entry_text.append(self.describe_entry(rid))
            out.append(" ".join(entry_text) + f" {self.source(rid)}")
        return self._notes(q) + self._same_dates(result) + " ".join(out)

    def _same_dates(self, result: Result) -> str:
        """ "Did Falbo and Wren come out in the same month?": whether their dates agree, to the month (or to the
        year, when the question says year)."""
        q = result.query
        if not (q.yes_no and q.op == "lookup" and len(result.ids) == 2 and q.fields == (self.p.date_field,)):
            return ""
        dates = [str(getattr(self.entries[rid], q.fields[0], None) or "") for rid in result.ids]
        if not all(dates):
            return ""
        width = 4 if "year" in q.question.lower() else 7
        unit = "year" if width == 4 else "month"
        a, b = (self.name(rid) for rid in result.ids)
        if min(len(d) for d in dates) < width and dates[0][:4] == dates[1][:4]:
            return ""  # (one is dated by its year only: the review cannot tell)
        if dates[0][:width] == dates[1][:width]:
            return f"Yes: both came out in the same {unit} ({dates[0][:width]}). "
        return f"No: {a} came out in {dates[0][:width]} and {b} in {dates[1][:width]}. "

    def _own_extreme(self, rid: str, rank: Rank) -> str | None:
        """ "The largest of Falbo's model sizes is 65B parameters." when the entry records several."""
        spec = self.p.fields[rank.field]
        found = numbers(spec, getattr(self.entries[rid], rank.field, None))
        if len(found) < 2:
            return None
        value = max(found) if rank.descending else min(found)
        word = "largest" if rank.descending else "smallest"
        shown = self._measure(rank, (rid, value))
        return f"The {word} of {self.name(rid)}'s {spec.label.lower()} is {shown}."

    def _counted(self, rid: str, n: int, words: str) -> str:
        """ "Corvid has 5 organizations recorded." in the words of the question."""
        if n == 1 and words.endswith("s") and not words.endswith("ss"):
            words = words[:-1]
        return f"{self.name(rid)} has {n} {words} recorded."

    def _unrecorded(self, result: Result, rid: str, key: str) -> str:
        label = self.p.fields[key].label.lower()
        quotes = self._quotes(result, rid)
        if quotes:
            return f"The review records no {label} for {self.name(rid)}; its entry says: {quotes}"
        return f"The review does not record the {label} of {self.name(rid)}."

    def _verify(self, result: Result) -> str:
        q = result.query
        if len(result.ids) > 1:
            return self._verify_several(result)
        rid = result.ids[0]
        reading = describe(q.where)
        asked = _condition_fields(q)
        asked += self.p.stated_with(asked)
        facts = [self.fact(rid, key) for key in asked]
        shown = " ".join(f for f in facts if f)
        presence = self._presence(q.where)
        if result.truth is None:
            head = f"The review does not record whether {self.name(rid)} is {reading}."
        elif presence is not None:  # "were the weights released?": what the review records, said plainly
            said = presence if result.truth else f"no {presence}"
            head = f"{'Yes' if result.truth else 'No'}: the review records {said} for {self.name(rid)}."
        else:
            head = f"{'Yes' if result.truth else 'No'}: {self.name(rid)} is {'' if result.truth else 'not '}{reading}."
        return f"{head} {shown} {self.source(rid)}".replace("  ", " ")

    def _presence(self, cond: Cond | None) -> str | None:
        """What a condition that only asks whether something is recorded asks for ("weights" for "links (weights)
        recorded or license (weights) recorded"); None for any other condition."""
        items = cond.items if isinstance(cond, Or) else (cond,) if isinstance(cond, Atom) else ()
        if not items or not all(isinstance(a, Atom) and a.op == "any" for a in items):
            return None
        parts = {p for a in items if isinstance(a, Atom) for p in a.values}
        if len(parts) == 1:
            return str(next(iter(parts)))
        labels = {
            self.p.fields[a.field].label.lower() for a in items if isinstance(a, Atom) and a.field in self.p.fields
        }
        return _join(sorted(labels)) if labels and not parts else None

    def _verify_several(self, result: Result) -> str:
        """ "did both of them use Acme data?": a verdict on all of them, then each one's own."""
        q = result.query
        reading = describe(q.where)
        held = [r for r in result.ids if result.truths.get(r) is True]
        failed = [r for r in result.ids if result.truths.get(r) is False]
        unknown = [r for r in result.ids if result.truths.get(r) is None]
        every = "both" if len(result.ids) == 2 else "all"
        if result.truth:
            head = f"Yes: {every} {_join([self.name(r) for r in result.ids])} are {reading}."
        else:
            bits = []
            if held:
                bits.append(f"{_join([self.name(r) for r in held])} {'is' if len(held) == 1 else 'are'} {reading}")
            if failed:
                bits.append(f"{_join([self.name(r) for r in failed])} {'is' if len(failed) == 1 else 'are'} not")
            if unknown:
                bits.append(f"the review does not record it for {_join([self.name(r) for r in unknown])}")
            head = f"{'No' if failed else 'Not known'}: " + "; ".join(bits) + "."
        facts = [f for r in result.ids for key in _condition_fields(q) if (f := self.fact(r, key))]
        return " ".join([head, *facts])

    def _compare(self, result: Result) -> str:
        q = result.query
        names = [self.name(r) for r in result.ids]
        parts: list[str] = []
        if q.rank is not None and result.ranked:
            verdict = self._verdict(q.rank, result.ranked)
            known = [rv for rv in result.ranked if rv[1] is not None]
            if q.yes_no and len(known) == 2:
                # the claim was that the first entry named leads; a tie does not bear it out
                ordered = sorted(known, key=lambda rv: rv[1], reverse=q.rank.descending)
                leads = ordered[0][1] != ordered[1][1] and ordered[0][0] == q.subjects[0]
                verdict = ("Yes: " if leads else "No: ") + verdict
            parts.append(verdict)
        keys = list(q.fields) or ([q.rank.field] if q.rank else [])
        if not keys:
            keys = [k for k, s in self.p.fields.items() if s.type in ("refs", "sizes", "quantity", "date", "license")]
            keys += [k for k, s in self.p.fields.items() if s.type == "names" and s.vocabulary][:2]
        for key in keys:
            values = [(self.name(r), self.value(r, key, q.parts)) for r in result.ids]
            if all(v is None for _, v in values):
                continue
            shown = "; ".join(f"{n}: {v if v is not None else 'not recorded'}" for n, v in values)
            parts.append(f"{self.p.fields[key].label}: {shown}.")
        if not parts:
            # none of the fields asked is recorded for any of them: say so, and what the entries are
            asked = _join([self.p.fields[k].label for k in keys]) if keys else "What was asked"
            parts.append(f"{asked}: not recorded for any of them.")
            parts += [self.describe_entry(r) for r in result.ids]
        head = "" if q.rank is not None else f"Comparing {_join(names)}: "
        said = [f"{self.name(r)}: {quotes}" for r in result.ids if (quotes := self._quotes(result, r))]
        return " ".join(said) + (" " if said else "") + head + " ".join(parts)

    def _verdict(self, rank: Rank, ranked: list[tuple[str, Any]]) -> str:
        label = self.p.fields[rank.field].label.lower()
        known = [(r, v) for r, v in ranked if v is not None]
        missing = [self.name(r) for r, v in ranked if v is None]
        if len(known) == 1:
            only = known[0]
            return (
                f"Only {self.name(only[0])} has a recorded {label} ({self._measure(rank, only)}); the review does not"
                f" record it for {_join(missing)}."
            )
        if len(known) < 2:
            return f"The review does not record the {label} of {_join(missing)}, so they cannot be compared on it."
        ordered = sorted(known, key=lambda rv: rv[1], reverse=rank.descending)
        best, runner = ordered[0], ordered[1]
        date = self.p.fields[rank.field].type == "date"
        if best[1] == runner[1] and date:
            period = "month" if re.fullmatch(r"\d{4}-\d{2}.*", str(best[1])) else "year"
            return f"{self.name(best[0])} and {self.name(runner[0])} came out in the same {period} ({best[1]})."
        if best[1] == runner[1]:
            return (
                f"{self.name(best[0])} and {self.name(runner[0])} are equal on {label} ({self._measure(rank, best)})."
            )
        if date:
            word = "came out after" if rank.descending else "came out before"
            word += f" {self.name(runner[0])}" if len(ordered) == 2 else (" the others" if rank.descending else "")
        else:
            word = f"has the {'larger' if rank.descending else 'smaller'} {label}"
        others = ", ".join(f"{self.name(r)} {self._measure(rank, (r, v))}" for r, v in ordered[1:])
        gap = _months_between(str(best[1]), str(runner[1])) if date and len(ordered) == 2 else None
        apart = f"; {gap} month{'s' if gap != 1 else ''} apart" if gap else ""
        if not date and len(ordered) == 2 and rank.agg != "count" and self._same_unit(rank, best[0], runner[0]):
            # "how many more parameters …?": the difference, in the unit both are counted in
            more = "more" if rank.descending else "fewer"
            apart = f"; {self._measure(rank, (best[0], abs(float(best[1]) - float(runner[1]))))} {more}"
            low, high = sorted((float(best[1]), float(runner[1])))
            if low > 0:
                factor = high / low
                apart += f", a factor of {factor:.0f}" if factor >= 10 else f", a factor of {factor:.1f}"
        text = f"{self.name(best[0])} {word} ({self._measure(rank, best)} against {others}{apart})."
        if missing:
            text += f" The review does not record it for {_join(missing)}."
        return text

    def _same_unit(self, rank: Rank, a: str, b: str) -> bool:
        unit_a = getattr(getattr(self.entries[a], rank.field, None), "unit", None)
        unit_b = getattr(getattr(self.entries[b], rank.field, None), "unit", None)
        return unit_a == unit_b

    def _measure(self, rank: Rank, item: tuple[str, Any]) -> str:
        rid, value = item
        spec = self.p.fields[rank.field]
        if spec.type == "date":
            return str(value)
        if rank.agg == "count":
            return f"{value:g} {_plural(spec.label.lower()) if value != 1 else spec.label.lower()}"
        raw = getattr(self.entries[rid], rank.field, None)
        unit = getattr(raw, "unit", None) or (spec.unit_words[0] if spec.unit_words else "")
        if value != 1 and unit + "s" in spec.unit_words:
            unit += "s"  # "65B parameters"
        exact = spec.type == "quantity" and float(value).is_integer() and value < 1e6
        shown = f"{value:,.0f}" if exact else format_count(value)  # "437,605 instances", "1.5M dialogues"
        return f"{shown} {unit}".strip()

    def _reading(self, q: Query, result: Result) -> str:
        bits = [describe(q.where)] if q.where is not None else []
        if q.within is not None:
            whose = "of the previous answer" if q.follow_up else "named"
            bits.insert(0, f"among the {len(q.within)} {self.p.entries(len(q.within))} {whose}")
        return "; ".join(b for b in bits if b) or f"every {self.p.entry_label}"

    def _list(self, result: Result) -> str:
        q = result.query
        reading = self._reading(q, result)
        shown_field = next((f for f in q.fields if f in self.p.fields and self.p.fields[f].type != "text"), None)
        if shown_field is None:
            # "which ESM models did not come from Acme?": each entry's own value shows the condition holds
            shown_field = next((f for f in _negated_fields(q.where) if self.p.fields[f].type == "names"), None)
        if shown_field is None:
            # "base models bigger than 100B": each entry's own amount shows how far past the bound it is
            measured = [
                a.field
                for a in atoms(q.where)
                if a.op in ("gt", "ge", "lt", "le", "between")
                and a.field in self.p.fields
                and self.p.fields[a.field].type in ("quantity", "sizes")
            ]
            shown_field = measured[0] if measured else None
        names = [self.name(r) for r in result.ids[:MAX_LIST_RECORDS]]
        if shown_field and len(names) <= 10:  # "who came up with X?": the asked value beside each name
            names = [
                f"{self.name(r)} ({value})" if (value := self.value(r, shown_field)) else self.name(r)
                for r in result.ids[:MAX_LIST_RECORDS]
            ]
        more = result.total - len(names)
        shown = ", ".join(names) + (f" and {more:,} more" if more > 0 else "")
        label = self.p.entry_label
        if result.total == 0:
            # ("are there other works in that category?": none but the one the chat is about)
            joined = q.where.items if isinstance(q.where, And) else (q.where,)
            other = any(isinstance(c, Not) and isinstance(c.item, Atom) and c.item.field == "@id" for c in joined)
            text = f"No {'other ' if other else ''}{label} in the review matches ({reading})."
        elif q.op == "count":
            text = f"The review has {result.total} {self.p.entries(result.total)} matching ({reading}): {shown}."
        else:
            verb = "matches" if result.total == 1 else "match"
            text = f"{result.total} {self.p.entries(result.total)} {verb} ({reading}): {shown}."
        if result.unknown and _negates(q.where):
            text += (
                f" {result.unknown} more could not be checked: the review does not record what the condition needs,"
                " so they are left out."
            )
        if more > 0:
            text += f" Records of the first {MAX_LIST_RECORDS} are attached."
        if q.explain and result.total == 1 and (quotes := self._quotes(result, result.ids[0])):
            text += f" Its entry says: {quotes} {self.source(result.ids[0])}"  # "what did the study by Acme find?"
        return self._notes(q) + text

    def _rank(self, result: Result) -> str:
        q = result.query
        assert q.rank is not None
        rank = q.rank
        spec = self.p.fields[rank.field]
        if not result.ranked:
            reading = self._reading(q, result)
            return f"No {self.p.entry_label} in the review has a recorded {spec.label.lower()} ({reading})."
        if spec.type == "date":
            word = "most recent" if rank.descending else "earliest"
        elif rank.agg == "count":
            word = f"{'most' if rank.descending else 'fewest'} {_plural(spec.label.lower())}"
        else:
            word = f"{'largest' if rank.descending else 'smallest'} {spec.label.lower()}"
        if rank.limit == 0:  # the whole ordering was asked for
            order = ", ".join(f"{self.name(r)} ({self._measure(rank, (r, v))})" for r, v in result.ranked)
            first = "largest" if rank.descending else "smallest"
            if spec.type == "date":
                first = "latest" if rank.descending else "earliest"
            text = f"By {spec.label.lower()}, {first} first: {order}. ({self._reading(q, result)}.)"
            return f"{self._notes(q)}{text}"
        reach = tied(result.ranked, rank.limit)
        top = result.ranked[:reach]
        rest = result.ranked[reach : reach + 3]
        head = _join([f"{self.name(r)} ({self._measure(rank, (r, v))})" for r, v in top])
        if reach > rank.limit and len({v for _, v in top}) == 1:
            # "Falbo, Wren and Corvid share the largest model sizes (65B parameters)"
            shared = self._measure(rank, top[0])
            text = f"{_join([self.name(r) for r, _ in top])} share the {word} ({shared})"
        elif reach > rank.limit:
            text = f"The {word} are shared: {head}"
        elif rank.limit != 1:
            text = f"The {rank.limit} with the {word} are {head}"
        elif spec.type == "date":
            text = f"The {word} is {head}"
        else:
            text = f"{head} has the {word}"
        if rest:
            text += ", followed by " + ", ".join(f"{self.name(r)} ({self._measure(rank, (r, v))})" for r, v in rest)
        among = f"{result.total} {self.p.entries(result.total)}"
        text += f". (Ranked among {among} that record {spec.label.lower()}; {self._reading(q, result)}.)"
        for key in q.fields:
            if key != rank.field:
                fact = self.fact(top[0][0], key)
                if fact:
                    text += f" {fact}"
        return f"{self._notes(q)}{text} {self.source(top[0][0])}"

    def _search(self, result: Result) -> str:
        q = result.query
        rid = result.ids[0]
        if q.explain and (quotes := self._quotes(result, rid)):
            return f"{self.name(rid)}: {quotes} {self.source(rid)}"
        if q.fields:
            facts = [self.fact(rid, key, q.parts) or self._unrecorded(result, rid, key) for key in q.fields]
            return f"{' '.join(dict.fromkeys(facts))} {self.source(rid)}"
        return f"{self.describe_entry(rid)} {self.source(rid)}"


def _plural(label: str) -> str:
    """ "organization" -> "organizations"; a label already plural ("model sizes") stays."""
    return label if label.endswith("s") else plural(label)


def _negates(cond: Any) -> bool:
    """Whether a condition holds a "not" (entries with unrecorded values then matter to the reader)."""
    if cond is None:
        return False
    if isinstance(cond, Not):
        return True
    return any(_negates(c) for c in getattr(cond, "items", ()))


def _negated_fields(cond: Any, negated: bool = False) -> list[str]:
    """The review's fields of the atoms a condition negates, in order."""
    if cond is None:
        return []
    if isinstance(cond, Not):
        return _negated_fields(cond.item, True)
    if isinstance(cond, Atom):
        return [cond.field] if negated and not cond.field.startswith("@") else []
    return list(dict.fromkeys(f for c in cond.items for f in _negated_fields(c, negated)))


def _condition_fields(q: Query) -> list[str]:
    """The review's fields a query's conditions are on, in order."""
    return list(dict.fromkeys(a.field for a in atoms(q.where) if not a.field.startswith("@")))


def _months_between(a: str, b: str) -> int | None:
    """Whole months between two dates written YYYY-MM (None when either lacks its month)."""
    ma, mb = re.fullmatch(r"(\d{4})-(\d{2})", a[:7]), re.fullmatch(r"(\d{4})-(\d{2})", b[:7])
    if ma is None or mb is None:
        return None
    return abs((int(ma[1]) * 12 + int(ma[2])) - (int(mb[1]) * 12 + int(mb[2])))
