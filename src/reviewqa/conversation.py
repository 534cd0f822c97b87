"""The state of one chat: which entries are in focus, the last result set, the last fields asked.

A ``Conversation`` is a small frozen value; each answered question gives the next one (``after``). References in the
next question ("it", "them", "the two", "which of them", "that model", "and X?") resolve against it in ``parse.py``,
so no earlier question is read again. Nothing here reads questions or records.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .query import Query

__all__ = ["Conversation"]

MAX_RECENT = 8


@dataclass(frozen=True)
class Conversation:
    recent: tuple[str, ...] = ()  # entries talked about, most recent first
    focus: tuple[str, ...] = ()  # entries the last answer was about
    results: tuple[str, ...] = ()  # the entries of the last list, count or ranking, in answer order
    fields: tuple[str, ...] = ()  # the fields asked last
    linked: tuple[str, ...] = ()  # entries named by the values the last answer stated (e.g. its base model's entry)
    named: tuple[str, ...] = ()  # other entries the text the last answer quoted names ("… expanding the earlier X")
    last: Query | None = field(default=None, compare=False)
    turns: int = 0
    last_set: Query | None = field(default=None, compare=False)  # the last list, count or ranking asked
    parts: tuple[str, ...] = ()  # the parts of the fields asked last ("its data license")
    ordered: tuple[str, ...] = ()  # the last entries named together, in the order named ("compare A and B")

    def after(
        self,
        query: Query,
        focus: tuple[str, ...] = (),
        results: tuple[str, ...] | None = None,
        linked: tuple[str, ...] = (),
        named: tuple[str, ...] = (),
    ) -> Conversation:
        """The state once ``query`` has been answered about ``focus`` (and listed ``results``)."""
        if query.op in ("empty", "decline", "missing"):
            # a refusal keeps what was being talked about, but the next question is not its follow-up
            return replace(self, linked=(), last=query, turns=self.turns + 1)
        recent = tuple(dict.fromkeys([*focus, *self.recent]))[:MAX_RECENT] if focus else self.recent
        return Conversation(
            recent=recent,
            focus=focus or self.focus,
            results=self.results if results is None else results,
            fields=query.fields or self.fields,
            linked=linked,
            named=named,
            last=query,
            turns=self.turns + 1,
            last_set=query if query.op in ("list", "count", "rank") else self.last_set,
            parts=query.parts if query.fields else self.parts,
            ordered=query.subjects if len(query.subjects) >= 2 else (results or self.ordered),
        )
