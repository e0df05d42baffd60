"""Plain-text rendering of verdicts for the terminal (``symkl verify``, ``show``, ``check``).

>>> format_counterexample({"p_1": 0.397, "p_2": 0.603, "lhs": 0.0087, "rhs": 0.0085})
'p_1 = 0.397, p_2 = 0.603; lhs = 0.0087, rhs = 0.0085'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._proof import counterexample_text as format_counterexample
from .._verdicts import EntryResult, StepResult, summary

__all__ = [
    "expression_text",
    "format_counterexample",
    "format_entry_line",
    "format_proof_lines",
    "format_summary",
    "step_statement",
]


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


def expression_text(expr: Any) -> str:
    """One line of text for an expression; an MLE reads ``p̂ = argmax_p Σᵢ log … = …``."""
    from ..report._mle import is_maximizer, mle_text

    if is_maximizer(expr):  # not Maximizer(Sum(Add(Mul(…
        return mle_text(expr)
    return " ".join(str(expr).split())


def step_statement(entry: Any, index: int, symbol: str) -> tuple[str, str]:
    """Step ``index`` (from 1) of a claim or derivation as ``(formula, justification)``.

    >>> from symkl import Derivation, Discrete, Step, cross_entropy, entropy, kl_divergence
    >>> from symkl.cli._format import step_statement
    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> kl_chain = Derivation(
    ...     "kl-chain",
    ...     cross_entropy(p, q) - entropy(p),
    ...     [Step(kl_divergence(p, q), why="definition of KL")],
    ... )
    >>> step_statement(kl_chain, 1, "=")
    ('H(p, q) - H(p) = KL(p || q)', 'definition of KL')
    """
    steps = getattr(entry, "steps", None)
    if isinstance(steps, tuple) and 1 <= index <= len(steps):  # a Derivation
        before = entry.start if index == 1 else steps[index - 2].expr
        step = steps[index - 1]
        return f"{expression_text(before)} {symbol} {expression_text(step.expr)}", step.why
    relation = getattr(entry, "relation", None)
    lhs, rhs = getattr(relation, "lhs", None), getattr(relation, "rhs", None)
    if lhs is None or rhs is None:  # a Maximizer, or a relation without two sides
        return expression_text(relation), getattr(entry, "why", "")
    return f"{expression_text(lhs)} {symbol} {expression_text(rhs)}", getattr(entry, "why", "")


def _step_lines(step: StepResult, entry: Any = None) -> list[str]:
    lines = format_proof_lines(
        step.verdict.value, step.method, step.assumptions, step.counterexample, step.detail,
        cached=step.cached,
    )  # fmt: skip
    head = f"step {step.index} ({step.relation}): {lines[0]}"
    if entry is None:
        return [head, *(f"  {x}" for x in lines[1:])]
    formula, why = step_statement(entry, step.index, step.relation)
    said = f"  {formula}" + (f"    [{why}]" if why else "")  # as `symkl show` prints a step
    return [head, said, *(f"  {x}" for x in lines[1:])]


def format_entry_line(
    result: EntryResult, *, verbose: bool = False, width: int = 0, entry: Any = None
) -> list[str]:
    """One line per entry (``ok`` or ``FAIL``), with its steps when it failed or ``verbose``.

    ``width`` pads the name so that the verdicts of consecutive lines line up. With the
    ``entry`` (the Claim or Derivation) each step shown also states its formula and its
    justification, so a failing line says what was claimed, not only that it failed.
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
        lines += [f"      {line}" for step in result.steps for line in _step_lines(step, entry)]
    return lines


def format_summary(results: Sequence[EntryResult], wall_seconds: float) -> str:
    """``12 entries: 10 proved, 1 checked, 1 refuted, 0 undecided; 0 failed (3.2 s)``."""
    counts = summary(results)
    noun = "entry" if len(results) == 1 else "entries"
    verdicts = ", ".join(f"{counts[v]} {v}" for v in ("proved", "checked", "refuted", "undecided"))
    return f"{len(results)} {noun}: {verdicts}; {counts['failed']} failed ({wall_seconds:.1f} s)"
