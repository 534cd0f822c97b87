"""The exceptions reviewqa raises, one tree, so callers can catch what they can act on.

    ReviewQAError
    ├── CorpusError        one or more problems in corpus files (each with file, line and field)
    ├── IndexStateError    the index on disk is missing, stale, corrupt or built with another model
    │   └── IndexLockedError   another rebuild holds the lock
    ├── ModelLoadError     the embedding model could not be loaded
    └── EvalFileError      an evaluation file is malformed

Library code raises these (re-raising third-party failures ``from exc``); only the CLI and the UI turn them into text.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CorpusError",
    "EvalFileError",
    "IndexLockedError",
    "IndexStateError",
    "ModelLoadError",
    "Problem",
    "ReviewQAError",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a corpus file, located as precisely as the file allows."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.message}"


class ReviewQAError(Exception):
    """Base of every error reviewqa raises on purpose."""


class CorpusError(ReviewQAError):
    """The corpus has problems; ``problems`` lists each with its file, line and field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the corpus"
        super().__init__(head + ":\n" + "\n".join(str(p) for p in self.problems))


class IndexStateError(ReviewQAError):
    """The index cannot be used as it is; the message says what to do."""


class IndexLockedError(IndexStateError):
    """Another process is rebuilding the index."""


class ModelLoadError(ReviewQAError):
    """The embedding model could not be loaded from the configured name or path."""


class EvalFileError(ReviewQAError):
    """An evaluation file has a malformed line."""
