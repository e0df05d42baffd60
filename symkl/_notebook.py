"""Verifying a claim or a derivation in a notebook: ``symkl.verify(x)`` shows every step's verdict.

>>> result = verify(symkl.Derivation("kl", kl_divergence(p, q), [Step(...), ...]))
>>> result.verdict
<Verdict.PROVED: 'proved'>

In Jupyter the result displays itself: ``_repr_html_`` is a table of the steps (MathML, a
coloured verdict badge and the method per step, and the counterexample of a refuted step);
``_repr_latex_`` is one display-math block, ``$$\\begin{aligned} … \\end{aligned}$$``, with the
justification and verdict of each step at its right. :func:`proof_latex` is the same display
for a single :class:`~symkl.prover.Proof`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from ._latex_text import escape_text
from .derivation import Claim, Derivation
from .prover import Proof, Verdict
from .runner import EntryResult, verify_entry

__all__ = ["Verification", "proof_latex", "verify"]

#: Badge colours (MathJax and KaTeX know these names), the same hues as the reports' badges.
_COLOURS = {"proved": "green", "checked": "blue", "refuted": "red", "undecided": "gray"}


def _badge(verdict: Verdict | None) -> str:
    if verdict is None:
        return ""
    return rf"\color{{{_COLOURS[verdict.value]}}}{{\boxed{{\textsf{{{verdict.value.upper()}}}}}}}"


def _text(text: str) -> str:
    return r"\text{" + escape_text(text) + "}" if text else ""


def _value_latex(value: Any) -> str:
    if isinstance(value, float):
        short = f"{value:.6g}"
        mantissa, _, exponent = short.partition("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}" if exponent else short
    try:
        text: str = sympy.latex(sympy.sympify(value))
        return text
    except (sympy.SympifyError, TypeError, ValueError):
        return _text(str(value))


def _key_latex(key: str) -> str:
    try:
        return sympy.latex(sympy.Symbol(key)) if key.replace("_", "").isalnum() else _text(key)
    except (TypeError, ValueError):  # pragma: no cover - any str is a Symbol name
        return _text(key)


def counterexample_latex(values: Mapping[str, Any]) -> str:
    """``p_{1} = 0.397,\\; …;\\quad \\text{lhs} = …`` for a counterexample's values."""
    variables = [(k, v) for k, v in values.items() if k not in ("lhs", "rhs")]
    parts = [f"{_key_latex(str(k))} = {_value_latex(v)}" for k, v in variables]
    sides = [
        rf"\text{{{name}}} = {_value_latex(values[key])}"
        for key, name in (("lhs", "left side"), ("rhs", "right side"))
        if key in values
    ]
    return r",\; ".join(parts) + (r";\quad " + r",\; ".join(sides) if sides else "")


def proof_latex(proof: Proof) -> str:
    """A proof as display math: its badge, method, assumptions and counterexample.

    >>> proof_latex(Proof(Verdict.PROVED, "expand_log"))
    '$$\\\\color{green}{\\\\boxed{\\\\textsf{PROVED}}}\\\\ \\\\text{by expand\\\\_log}$$'
    """
    lines = [_badge(proof.verdict) + r"\ " + _text(f"by {proof.method}")]
    if proof.assumptions:
        lines.append(_text("assuming " + "; ".join(proof.assumptions)))
    if proof.counterexample:
        lines.append(r"\text{counterexample: }" + counterexample_latex(proof.counterexample))
    if len(lines) == 1:
        return "$$" + lines[0] + "$$"
    return r"$$\begin{aligned}" + r" \\ ".join("&" + line for line in lines) + r"\end{aligned}$$"


@dataclass(frozen=True)
class Verification:
    """The verdicts on one claim or derivation; ``bool()`` is true only when every step is
    proved. Displays itself in Jupyter (HTML and LaTeX)."""

    entry: Claim | Derivation
    result: EntryResult

    @property
    def verdict(self) -> Verdict:
        """The weakest step's verdict."""
        return self.result.verdict

    @property
    def ok(self) -> bool:
        """Whether the verdict is the one the entry expects (``expect=``, proved by default)."""
        return self.result.ok

    @property
    def steps(self) -> tuple[Any, ...]:
        """The per-step results (:class:`symkl.runner.StepResult`)."""
        return self.result.steps

    def __bool__(self) -> bool:
        return self.verdict is Verdict.PROVED

    def __repr__(self) -> str:
        steps = ", ".join(f"({s.index}) {s.verdict.value}" for s in self.result.steps)
        return f"<Verification {self.entry.name!r}: {self.verdict.value}; {steps}>"

    def _view(self) -> Any:
        from .report._context import entry_view

        return entry_view(self.result, self.entry, stem="notebook")

    def _repr_html_(self) -> str:
        from .report._environment import ReportFormat, environment

        template = environment(ReportFormat.HTML).get_template("notebook.html.j2")
        text: str = template.render(entry=self._view())
        return text

    def _repr_latex_(self) -> str:
        view = self._view()
        lines = []
        for step in view.steps:
            margin = r"\quad ".join(
                part for part in (_text(step.why), _badge(step.verdict), _text(step.method)) if part
            )
            if view.kind == "derivation":
                left = str(step.relation.lhs_tex) if step.index == 1 else ""
                symbol = str(step.relation.symbol_tex)
                body = f"{left} &{symbol} {sympy.latex(step.expr)}"
            elif step.relation.whole is not None:
                body = f"&{step.relation.whole}"
            else:
                rel = step.relation
                body = f"{rel.lhs_tex} &{rel.claim_symbol_tex} {rel.rhs_tex}"
            lines.append(rf"{body} && \text{{({step.index})}}\quad {margin}")
        for step in view.refuted_steps:
            values = self.result.steps[step.index - 1].counterexample or {}
            label = f"counterexample to ({step.index}): " if view.kind == "derivation" else ""
            lines.append(rf"&\text{{{label or 'counterexample: '}}}" + counterexample_latex(values))
        title = _text(self.entry.title)
        body = r" \\ ".join(lines)
        return rf"$$\begin{{aligned}}&\textbf{{{title}}}\\ {body}\end{{aligned}}$$"


def _as_entry(obj: object, where: Sequence[object]) -> Claim | Derivation:
    if isinstance(obj, (Claim, Derivation)):
        if obj.error is not None:
            raise obj.error
        return obj
    # a bare relation (Eq, Le, Ge, or a same-argmin / same-gradient / MLE relation)
    return Claim("claim", obj, title="Claim", where=tuple(where))


def verify(
    derivation_or_claim: object,
    *,
    timeout: float | None = None,
    where: Sequence[object] = (),
) -> Verification:
    """Verify a :class:`~symkl.Derivation`, a :class:`~symkl.Claim` or a bare relation.

    >>> verify(sympy.Eq(cross_entropy(p, q), entropy(p) + kl_divergence(p, q))).verdict
    <Verdict.PROVED: 'proved'>
    """
    entry = _as_entry(derivation_or_claim, where)
    return Verification(entry, verify_entry(entry, timeout=timeout))
