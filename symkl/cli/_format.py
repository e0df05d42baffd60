"""Plain-text rendering of verdicts for the terminal (``symkl verify``, ``show``, ``check``).

>>> format_counterexample({"p_1": 0.397, "p_2": 0.603, "lhs": 0.0087, "rhs": 0.0085})
'p_1 = 0.397, p_2 = 0.603; lhs = 0.0087, rhs = 0.0085'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..runner import EntryResult, StepResult, summary

__all__ = [
    "format_counterexample",
    "format_entry_line",
    "format_proof_lines",
    "format_summary",
]

_SIDES = ("lhs", "rhs")


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def format_counterexample(values: Mapping[str, Any]) -> str:
    """The point first, then both sides evaluated there."""
    point = ", ".join(f"{k} = {_number(v)}" for k, v in values.items() if k not in _SIDES)
    sides = ", ".join(f"{k} = {_number(values[k])}" for k in _SIDES if k in values)
    return "; ".join(part for part in (point, sides) if part)


def format_proof_lines(
    verdict: str,
    method: str,
    assumptions: Sequence[str] = (),
    counterexample: Mapping[str, Any] | None = None,
    detail: str = "",
    *,
    cached: bool = False,
) -> list[str]:
    """``proved by termwise-sum`` and, below it, what the verdict rests on."""
    head = f"{verdict} by {method}" if method else verdict
    lines = [head + (" (cached)" if cached else "")]
    if assumptions:
        lines.append("assuming " + "; ".join(assumptions))
    if counterexample:
        lines.append("counterexample: " + format_counterexample(counterexample))
    elif detail and verdict != "proved":
        lines.append(detail)
    return lines


def _step_lines(step: StepResult) -> list[str]:
    lines = format_proof_lines(
        step.verdict.value, step.method, step.assumptions, step.counterexample, step.detail,
        cached=step.cached,
    )  # fmt: skip
    return [f"step {step.index} ({step.relation}): {lines[0]}", *(f"  {x}" for x in lines[1:])]


def format_entry_line(result: EntryResult, *, verbose: bool = False, width: int = 0) -> list[str]:
    """One line per entry (``ok`` or ``FAIL``), with its steps when it failed or ``verbose``.

    ``width`` pads the name so that the verdicts of consecutive lines line up.
    """
    mark = "ok  " if result.ok else "FAIL"
    name = f"{result.name:<{width}}"
    if result.error is not None:
        return [f"{mark}  {name}  error: {result.error}"]
    verdict = result.verdict.value
    if not result.ok:
        verdict += f", expected {result.expected.value}"
    steps = len(result.steps)
    noun = "step" if steps == 1 else "steps"
    lines = [f"{mark}  {name}  {verdict}  ({steps} {noun}, {result.seconds:.2f} s)"]
    if verbose or not result.ok:
        lines += [f"      {line}" for step in result.steps for line in _step_lines(step)]
    return lines


def format_summary(results: Sequence[EntryResult], wall_seconds: float) -> str:
    """``12 entries: 10 proved, 1 checked, 1 refuted, 0 undecided; 0 failed (3.2 s)``."""
    counts = summary(results)
    noun = "entry" if len(results) == 1 else "entries"
    verdicts = ", ".join(f"{counts[v]} {v}" for v in ("proved", "checked", "refuted", "undecided"))
    return f"{len(results)} {noun}: {verdicts}; {counts['failed']} failed ({wall_seconds:.1f} s)"
