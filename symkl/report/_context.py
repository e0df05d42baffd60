"""What the templates see: one frozen view per entry, built from its result and its definition.

>>> from symkl.catalog import Catalog, load
>>> from symkl.runner import verify_catalog
>>> ((entry, result),) = verify_catalog(Catalog(load().entries[:1]))
>>> view = entry_view(result, entry, stem="one-hot")
>>> view.steps[0].verdict
<Verdict.PROVED: 'proved'>

Timings are left out on purpose: they vary from run to run and the reports must not.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import sympy

from .._proof import Verdict
from .._verdicts import EntryResult, StepResult
from ..errors import MalformedClaimError
from ..relations import Maximize, RelationKind, SelfProving
from ._entries import Definition, as_claim, as_derivation
from ._escape import Raw, math_unicode
from ._mle import mle_latex, mle_lines

__all__ = [
    "MAX_SHOWN_VALUES",
    "CounterexampleView",
    "EntryView",
    "RelationView",
    "StepView",
    "display_path",
    "entry_view",
    "file_stems",
]

#: A start expression up to this many glyphs heads the first line; a longer one gets its own.
START_INLINE_CHARS = 16
#: A counterexample over many variables shows this many of them and says how many more there are.
MAX_SHOWN_VALUES = 8

#: The relations whose two sides each stand under an operator over ``wrt``, and its LaTeX.
_OPERATORS = {
    RelationKind.SAME_ARGMIN: r"\operatorname*{{arg\,min}}_{{{over}}}",
    RelationKind.SAME_GRADIENT: r"\nabla_{{{over}}}",
}


def _tex(value: object) -> str:
    return math_unicode(sympy.latex(value))


@dataclass(frozen=True)
class RelationView:
    """A relation between two expressions, of one :class:`~symkl.relations.RelationKind`
    (None for a relation type symkl does not know, shown by ``label``)."""

    kind: RelationKind | None
    lhs: sympy.Expr | None
    rhs: sympy.Expr | None
    wrt: tuple[sympy.Basic, ...] = ()
    #: the whole relation as LaTeX, for relation types printed by their own ``_latex``
    whole: Raw | None = None
    #: the claim's relation object itself (the HTML writer prints it as MathML)
    source: object = None
    #: the relation's text where its kind is unknown
    label: str = "?"

    @property
    def optimisation(self) -> bool:
        """Whether both sides stand under arg min or ∇ over :attr:`wrt` (same argmin, same
        gradient)."""
        return self.kind in _OPERATORS and bool(self.wrt)

    @property
    def words(self) -> str:
        """``=``, ``≤``, ``same argmin in θ`` …"""
        if self.kind is None:
            return self.label
        if self.optimisation:
            names = ", ".join(sympy.pretty(s, use_unicode=True) for s in self.wrt)
            return f"{self.kind.words} in {names}"
        return self.kind.words

    @property
    def symbol_tex(self) -> Raw:
        """The relation as a LaTeX symbol: ``\\le``, or = with the argmin or gradient over it."""
        if self.optimisation:
            return Raw(rf"\overset{{{self.operator_tex}}}{{=}}")
        return Raw(r"\sim" if self.kind is None else self.kind.latex)

    @property
    def claim_symbol_tex(self) -> Raw:
        """The symbol between the two sides of a claim (:attr:`lhs_tex`, :attr:`rhs_tex`)."""
        return Raw("=") if self.optimisation else self.symbol_tex

    @property
    def operator_tex(self) -> Raw:
        """arg min or ∇ over :attr:`wrt` for the optimisation relations (else '')."""
        if not self.optimisation or self.kind is None:
            return Raw("")
        over = ", ".join(_tex(s) for s in self.wrt)
        return Raw(_OPERATORS[self.kind].format(over=over))

    def _side_tex(self, side: sympy.Expr | None) -> Raw:
        if side is None:
            return Raw(r"\text{(not available)}")
        if self.kind is RelationKind.SAME_ARGMIN and isinstance(side, Maximize):
            # symkl.optimize.maximize(f) on one side: that side's optimum is an argmax of f
            over = ", ".join(_tex(s) for s in self.wrt)
            return Raw(rf"\operatorname*{{arg\,max}}_{{{over}}} {_tex(side.args[0])}")
        operator = self.operator_tex
        return Raw(f"{operator} {_tex(side)}" if operator else _tex(side))

    @property
    def mle_lines(self) -> tuple[tuple[Raw, Raw], ...]:
        """For an MLE claim: (left, right) LaTeX pairs aligned at =, estimate then likelihood."""
        if self.kind is not RelationKind.MAXIMIZER:
            return ()
        return tuple((Raw(a), Raw(b)) for a, b in mle_lines(self.source))

    @property
    def lhs_tex(self) -> Raw:
        """The left side of a claim, wrapped in its optimisation operator."""
        return self._side_tex(self.lhs)

    @property
    def rhs_tex(self) -> Raw:
        """The right side of a claim, wrapped in its optimisation operator."""
        return self._side_tex(self.rhs)


@dataclass(frozen=True)
class CounterexampleView:
    """The first :data:`MAX_SHOWN_VALUES` values of a counterexample, and both sides there."""

    values: tuple[tuple[str, Any], ...]
    more: int
    lhs: Any
    rhs: Any


@dataclass(frozen=True)
class StepView:
    """One claim, or one step of a derivation, with its verdict."""

    index: int
    relation: RelationView
    expr: sympy.Expr | None
    why: str
    verdict: Verdict | None
    method: str
    assumptions: tuple[str, ...]
    detail: str
    counterexample: CounterexampleView | None


@dataclass(frozen=True)
class EntryView:
    """Everything one document shows about a catalog entry (or a load error)."""

    name: str
    stem: str
    title: str
    source: str
    kind: str
    group: str
    verdict: Verdict
    expected: Verdict
    ok: bool
    start: sympy.Expr | None
    steps: tuple[StepView, ...]
    error: str | None

    @property
    def refuted_steps(self) -> tuple[StepView, ...]:
        """The steps that carry a counterexample."""
        return tuple(s for s in self.steps if s.counterexample is not None)

    @property
    def start_inline(self) -> bool:
        """Whether the start expression is short enough to head the first line of the chain."""
        return self.start is not None and _visible_length(_tex(self.start)) <= START_INLINE_CHARS

    @property
    def assumption_groups(self) -> tuple[tuple[tuple[int, ...], tuple[str, ...]], ...]:
        """(step indices, assumptions) for the proofs that used domain facts, equal lists merged."""
        groups: dict[tuple[str, ...], list[int]] = {}
        for step in self.steps:
            if step.assumptions:
                groups.setdefault(step.assumptions, []).append(step.index)
        return tuple((tuple(indices), facts) for facts, indices in groups.items())


def display_path(text: str) -> str:
    """``text`` with absolute paths made relative to the working folder (reports are committed)."""
    cwd = os.getcwd().rstrip(os.sep) + os.sep
    text = text.replace(cwd, "")
    # Paths outside the working folder keep their last two parts: enough to find the file.
    return re.sub(r"(?:/[^\s/:'\"]+)+/([^\s/:'\"]+/[^\s/:'\"]+)", r"\1", text)


def _visible_length(latex: str) -> int:
    """A rough count of the glyphs ``latex`` prints (each command one glyph, no braces)."""
    text = re.sub(r"\\(left|right|mathrm|operatorname|displaystyle|[,;!]|\s)", "", latex)
    text = re.sub(r"\\[A-Za-z]+", "x", text)
    return len(re.sub(r"[{}^_\s]", "", text))


def _natural(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting p_2 before p_10 (the prover's keys sort as strings)."""
    return tuple((0, int(t)) if t.isdigit() else (1, t) for t in re.split(r"(\d+)", name) if t)


def _counterexample(values: Mapping[str, Any] | None) -> CounterexampleView | None:
    if values is None:
        return None
    variables = sorted(
        ((str(k), v) for k, v in values.items() if k not in ("lhs", "rhs")),
        key=lambda kv: _natural(kv[0]),
    )
    return CounterexampleView(
        values=tuple(variables[:MAX_SHOWN_VALUES]),
        more=max(0, len(variables) - MAX_SHOWN_VALUES),
        lhs=values.get("lhs"),
        rhs=values.get("rhs"),
    )


def _kind_of_text(text: str) -> RelationKind | None:
    try:
        return RelationKind.parse(text)
    except MalformedClaimError:
        return None


def _claim_relation(relation: object) -> RelationView:
    kind = RelationKind.of(relation)
    if kind is RelationKind.MAXIMIZER:  # θ̂ = argmax_θ Σ log p(x_i; θ) = estimator
        return RelationView(kind, None, None, whole=Raw(mle_latex(relation)), source=relation)
    wrt = getattr(relation, "wrt", ())
    view = RelationView(
        kind,
        getattr(relation, "lhs", None),
        getattr(relation, "rhs", None),
        tuple(wrt) if isinstance(wrt, (tuple, list)) else (wrt,),
        source=relation,
        label=type(relation).__name__,
    )
    if isinstance(relation, SelfProving) and not view.optimisation:
        return replace(view, whole=Raw(_tex(relation)))  # e.g. GradientIs: ∇_θ f = g
    return view


def _step_view(
    index: int, relation: RelationView, expr: sympy.Expr | None, why: str, result: StepResult | None
) -> StepView:
    show_detail = result is not None and result.verdict in (Verdict.REFUTED, Verdict.UNDECIDED)
    return StepView(
        index=index,
        relation=relation,
        expr=expr,
        why=why,
        verdict=None if result is None else result.verdict,
        method="" if result is None else result.method,
        assumptions=() if result is None else tuple(result.assumptions),
        # a checked step's detail holds a floating-point error that varies between machines
        detail=display_path(result.detail) if result is not None and show_detail else "",
        counterexample=None if result is None else _counterexample(result.counterexample),
    )


def _group(result: EntryResult, entry: Definition | None) -> str:
    if result.kind == "error":
        return "load errors"
    location = entry.location[0] if entry is not None else result.location.rsplit(":", 1)[0]
    # a module's name read as words: family_steps.py heads "family steps"
    return Path(location).stem.replace("_", " ") if location else "entries"


def entry_view(result: EntryResult, entry: Definition | None, *, stem: str) -> EntryView:
    """The view of one result; ``entry`` (its definition) supplies the expressions, if known."""
    by_index = {s.index: s for s in result.steps}
    steps: list[StepView] = []
    start = None
    derivation, claim = as_derivation(entry), as_claim(entry)
    if derivation is not None and derivation.error is None:
        start = derivation.start
        previous = derivation.start
        for index, step in enumerate(derivation.steps, start=1):
            relation = RelationView(step.relation, previous, step.expr, tuple(step.wrt))
            steps.append(_step_view(index, relation, step.expr, step.why, by_index.get(index)))
            previous = step.expr
    elif claim is not None and claim.error is None:
        relation = _claim_relation(claim.relation)
        steps.append(_step_view(1, relation, relation.rhs, claim.why, by_index.get(1)))
    else:  # no definition at hand: the verdicts alone
        for s in result.steps:
            relation = RelationView(_kind_of_text(s.relation), None, None, label=s.relation)
            steps.append(_step_view(s.index, relation, None, "", s))
    return EntryView(
        name=result.name if result.kind != "error" else display_path(result.name),
        stem=stem,
        title=result.title,
        source=display_path(result.source),
        kind=result.kind,
        group=_group(result, entry),
        verdict=result.verdict,
        expected=result.expected,
        ok=result.ok,
        start=start,
        steps=tuple(steps),
        error=None if result.error is None else display_path(result.error),
    )


_RESERVED = frozenset({"index"})


def file_stems(names: Sequence[str]) -> list[str]:
    """A distinct, file-system-safe file name (without suffix) for each entry name, in order."""
    stems: list[str] = []
    used: set[str] = set(_RESERVED)
    for name in names:
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "entry"
        stem, counter = base, 1
        while stem.lower() in used:
            counter += 1
            stem = f"{base}-{counter}"
        used.add(stem.lower())
        stems.append(stem)
    return stems
