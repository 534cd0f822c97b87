"""A time budget for answering one question.

``Assistant.ask`` answers inside ``within(seconds)``; the stages call ``check()`` where they loop over the
question's words and phrases, and past the deadline it raises ``OutOfTime``, which ``ask`` turns into an answer
saying it gave up. Reading is meant to take time linear in the question's length; the budget bounds what a question
written to defeat that can cost the chat of everyone else on the server.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .errors import ReviewQAError

__all__ = ["OutOfTime", "check", "within"]

_DEADLINE: ContextVar[float | None] = ContextVar("reviewqa_deadline", default=None)


class OutOfTime(ReviewQAError):
    """The question's time budget ran out before it was answered."""


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Run the block under a deadline ``seconds`` from now (or the deadline already set, if that is sooner)."""
    deadline = time.perf_counter() + seconds
    current = _DEADLINE.get()
    token = _DEADLINE.set(deadline if current is None else min(current, deadline))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check() -> None:
    """Raise ``OutOfTime`` when the deadline of the enclosing ``within`` has passed; without one, do nothing."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.perf_counter() > deadline:
        raise OutOfTime("the question's time budget ran out")
