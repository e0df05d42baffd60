"""Verifying a claim or a derivation in a notebook: ``symkl.verify(x)`` shows every step's verdict.

>>> from symkl import Derivation, Discrete, Step, cross_entropy, entropy, kl_divergence, verify
>>> p, q = Discrete.symbolic("p", 2), Discrete.symbolic("q", 2)
>>> steps = [Step(cross_entropy(p, q) - entropy(p), why="definitions")]
>>> result = verify(Derivation("kl", kl_divergence(p, q), steps))
>>> result.verdict
<Verdict.PROVED: 'proved'>

In Jupyter the result displays itself: ``_repr_html_`` is a table of the steps (MathML, a
coloured verdict badge and the method per step, and the counterexample of a refuted step);
``_repr_latex_`` is one display-math block, ``$$\\begin{aligned} … \\end{aligned}$$``, with the
justification and verdict of each step at its right. :func:`proof_latex` is the same display
for a single :class:`~symkl.prover.Proof`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from ._proof import Verdict, badge_latex, counterexample_latex, proof_latex, text_latex
from ._verdicts import EntryResult
from .derivation import Claim, Derivation
from .runner import verify_entry

__all__ = ["Verification", "proof_latex", "prose_latex", "verify"]


def prose_latex(text: str) -> str:
    r"""A title or justification: its formulas as math (D_KL(p‖q) → D_{KL}(p ∥ q)), the rest text.

    >>> print(prose_latex("Gibbs: D_KL(p‖q) ≥ 0"))
    \text{Gibbs: }D_{\mathrm{KL}}(p \Vert q) \ge 0
    """
    from .report._title import formula_spans, math_of

    return "".join(
        math_of(piece) if formula else text_latex(piece) for formula, piece in formula_spans(text)
    )


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
                part
                for part in (
                    prose_latex(step.why),
                    badge_latex(step.verdict),
                    text_latex(step.method),
                )
                if part
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
        title = prose_latex(self.entry.title)
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

    >>> from symkl import Discrete, cross_entropy, entropy, kl_divergence
    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> verify(sympy.Eq(cross_entropy(p, q), entropy(p) + kl_divergence(p, q))).verdict
    <Verdict.PROVED: 'proved'>
    """
    entry = _as_entry(derivation_or_claim, where)
    return Verification(entry, verify_entry(entry, timeout=timeout))
