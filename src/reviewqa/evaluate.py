"""Score the ``ask`` path on an evaluation file (JSON Lines, one conversation per line, last turn scored).

The same conversations are asked in hybrid mode and in the dense-only and BM25-only baselines, in one run, so the
figures are comparable. Reading the file is strict (pydantic, unknown keys refused); scoring is pure.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .answer import Answer, Assistant, Mode
from .errors import EvalFileError

__all__ = ["EvalCase", "Expect", "Metrics", "evaluate", "load_cases", "score"]

MODES: tuple[Mode, ...] = ("hybrid", "dense", "bm25")


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    top: str | None = None
    includes: list[str] = Field(default_factory=list)
    excludes: list[str] = Field(default_factory=list)  # ids that must not be returned (a condition read backwards)
    answer: list[str] = Field(default_factory=list)
    abstain: bool = False


class EvalCase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    turns: list[str] = Field(min_length=1)
    expect: Expect
    kind: str | None = None


def load_cases(path: Path) -> list[EvalCase]:
    cases = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalFileError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise EvalFileError(f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8 JSON Lines") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            cases.append(EvalCase.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "line"
            raise EvalFileError(f"{path}:{number}: {where}: {first['msg']}") from exc
        for pattern in cases[-1].expect.answer:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise EvalFileError(f"{path}:{number}: expect.answer: bad regular expression {pattern!r}") from exc
    return cases


@dataclass
class Outcome:
    case: EvalCase
    answer: Answer

    @property
    def ids(self) -> list[str]:
        return [r["id"] for r in self.answer.records]


@dataclass
class Metrics:
    mode: str
    top1: float | None = None
    recall5: float | None = None
    includes_recall: float | None = None
    answer_accuracy: float | None = None
    excludes_ok: float | None = None
    decline_precision: float | None = None
    decline_recall: float | None = None
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def row(self) -> list[str]:
        def fmt(x: float | None) -> str:
            return "-" if x is None else f"{x:.3f}"

        return [
            self.mode,
            fmt(self.top1),
            fmt(self.recall5),
            fmt(self.includes_recall),
            fmt(self.answer_accuracy),
            fmt(self.excludes_ok),
            fmt(self.decline_precision),
            fmt(self.decline_recall),
            f"{self.p50_ms:.1f}",
            f"{self.p95_ms:.1f}",
        ]


HEADER = ["mode", "top-1", "recall@5", "includes", "answer", "excludes", "decline P", "decline R", "p50 ms", "p95 ms"]


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def score(mode: str, outcomes: Iterable[Outcome]) -> Metrics:
    top = top5 = top_n = inc_hit = inc_n = ans_hit = ans_n = exc_hit = exc_n = tp = fp = fn = 0
    latencies: list[float] = []
    failures: list[str] = []
    for o in outcomes:
        e, ids = o.case.expect, o.ids
        latencies.append(o.answer.latency_ms)
        ok = True
        if e.top:
            top_n += 1
            top += bool(ids) and ids[0] == e.top
            top5 += e.top in ids[:5]
            ok &= bool(ids) and ids[0] == e.top
        if e.includes:
            inc_n += len(e.includes)
            found = sum(i in ids for i in e.includes)
            inc_hit += found
            ok &= found == len(e.includes)
        if e.excludes:
            exc_n += 1
            clean = not set(e.excludes) & set(ids)
            exc_hit += clean
            ok &= clean
        if e.answer:
            ans_n += 1
            good = all(re.search(p, o.answer.answer, re.IGNORECASE) for p in e.answer)
            ans_hit += good
            ok &= good
        if e.abstain and o.answer.abstained:
            tp += 1
        elif o.answer.abstained:
            fp += 1
            ok = False
        elif e.abstain:
            fn += 1
            ok = False
        if not ok:
            failures.append(o.case.id)
    return Metrics(
        mode,
        _ratio(top, top_n),
        _ratio(top5, top_n),
        _ratio(inc_hit, inc_n),
        _ratio(ans_hit, ans_n),
        _ratio(exc_hit, exc_n),
        _ratio(tp, tp + fp) if (tp + fp) else (1.0 if not fn else 0.0),
        _ratio(tp, tp + fn),
        statistics.median(latencies) if latencies else 0.0,
        _percentile(latencies, 0.95),
        {
            "cases": len(latencies),
            "top": top_n,
            "includes": inc_n,
            "answer": ans_n,
            "excludes": exc_n,
            "abstain": tp + fn,
        },
        failures,
    )


def run(assistant: Assistant, cases: list[EvalCase], mode: Mode) -> list[Outcome]:
    outcomes = []
    for case in cases:
        answer = assistant.ask(case.turns[-1], case.turns[:-1], mode=mode)
        outcomes.append(Outcome(case, answer))
    return outcomes


def evaluate(
    assistant: Assistant, cases: list[EvalCase], results: Path | None = None, modes: Iterable[Mode] = MODES
) -> dict[str, Metrics]:
    """Metrics per mode; the hybrid outcomes (what users get) are written to ``results`` if given."""
    out: dict[str, Metrics] = {}
    for mode in modes:
        outcomes = run(assistant, cases, mode)
        out[mode] = score(mode, outcomes)
        if mode == "hybrid" and results is not None:
            lines = [
                json.dumps(
                    {
                        "id": o.case.id,
                        "records": o.ids,
                        "answer": o.answer.answer,
                        "abstained": o.answer.abstained,
                        "latency_ms": round(o.answer.latency_ms, 2),
                    },
                    ensure_ascii=False,
                )
                for o in outcomes
            ]
            Path(results).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def by_kind(assistant: Assistant, cases: list[EvalCase]) -> dict[str, Metrics]:
    groups: dict[str, list[EvalCase]] = defaultdict(list)
    for case in cases:
        groups[case.kind or "-"].append(case)
    return {kind: score(kind, run(assistant, group, "hybrid")) for kind, group in sorted(groups.items())}


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def report(metrics: dict[str, Metrics]) -> dict[str, Any]:
    return {mode: {k: v for k, v in m.__dict__.items() if k != "failures"} for mode, m in metrics.items()}
