"""Measures of several random variables: joint and conditional entropy, mutual information,
conditional relative entropy D(p(y | x) ‖ q(y | x)) = Σ_x p(x) D(p(y | x = x) ‖ q(y | x = x)).

Jensen–Shannon, total variation, Hellinger, Rényi and χ² live in :mod:`symkl._divergences`,
beside this module. Each measure is unevaluated, prints as the textbook writes it and
unfolds through :meth:`definition` into its defining sum, written from the definition itself
(H(Y|X) = −Σ p(x, y) log p(y|x), not H(X, Y) − H(X)) so that identities between them are
theorems the prover must prove::

    >>> J = Joint.symbolic("p", (2, 2))
    >>> mutual_information(J, "X", "Y")
    I(X; Y)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import sympy
from sympy.core.symbol import Str

from ._atoms import ArgAt
from ._validate import check_base, show
from .errors import InvalidDistributionError, UnsupportedMeasureError
from .joint import COLUMN_INDEX, ROW_INDEX, IndexedJoint, Joint
from .measures import Entropy, KLDivergence, Measure, _base_factor

__all__ = [
    "ConditionalEntropy",
    "ConditionalKL",
    "JointEntropy",
    "MutualInformation",
    "TableKL",
    "conditional_entropy",
    "conditional_kl_divergence",
    "conditional_mutual_information",
    "joint_entropy",
    "mutual_information",
    "table_kl",
]


def _joint(value: object) -> Joint | IndexedJoint:
    if isinstance(value, (Joint, IndexedJoint)):
        return value
    raise UnsupportedMeasureError(
        f"expected a Joint distribution (symkl.Joint([[...], ...])), got {show(value)}"
    )


def _names(joint: Joint | IndexedJoint, variables: str | Iterable[str], role: str) -> sympy.Tuple:
    if isinstance(variables, str):
        variables = (variables,)
    elif not isinstance(variables, Iterable):
        raise InvalidDistributionError(f"{role} must be a variable name, got {show(variables)}")
    wanted = tuple(variables)
    if isinstance(joint, IndexedJoint):
        if len(wanted) != 1:
            raise InvalidDistributionError(
                f"a symbolic joint table has single variables {joint.names}, got {wanted}"
            )
        joint.axis(wanted[0])
    else:
        joint.axes(wanted)  # raises for an unknown name
    return sympy.Tuple(*(Str(str(v)) for v in wanted))


def _text(names: sympy.Tuple) -> str:
    return ", ".join(str(v) for v in names)


def _entry(
    tables: dict[tuple[int, ...], dict[tuple[int, ...], sympy.Expr]],
    axes: tuple[int, ...],
    position: dict[int, int],
) -> sympy.Expr:
    """The marginal over ``axes`` at the cell ``position`` (1 over no axes)."""
    return tables[axes][tuple(position[a] for a in axes)] if axes else sympy.S.One


#: Tables up to this many cells get evaluated SymPy terms (what the prover works on).
_EVALUATED_CELLS = 64


@functools.lru_cache(maxsize=64)  # the spot check unfolds one measure several times
def _log_ratio_sum(
    joint: Joint, numerator: tuple[tuple[int, ...], ...], denominator: tuple[tuple[int, ...], ...]
) -> sympy.Expr:
    """Σ over the cells of p(cell) log(Π numerator marginals / Π denominator marginals).

    The first numerator axis set holds every axis that appears; cells of probability 0 add 0.
    """
    full = numerator[0]
    tables = {axes: joint.table(axes) for axes in (*numerator, *denominator)}
    terms = []
    # A large table (the spot check's 50 × 50 instances) is written unevaluated: building each
    # log of a ratio of 50-term marginals evaluated costs seconds and changes no value.
    evaluate = len(tables[full]) <= _EVALUATED_CELLS
    for cell, weight in tables[full].items():
        if weight.is_zero:
            continue
        position = dict(zip(full, cell, strict=True))
        top = [_entry(tables, a, position) for a in numerator]
        bottom = [
            sympy.Pow(_entry(tables, a, position), -1, evaluate=evaluate) for a in denominator
        ]
        ratio = sympy.Mul(*top, *bottom, evaluate=evaluate)
        terms.append(sympy.Mul(weight, sympy.log(ratio, evaluate=evaluate), evaluate=evaluate))
    return sympy.Add(*terms)  # one Add: term by term re-sorts the growing sum


def _double_sum(joint: IndexedJoint, summand: sympy.Expr) -> sympy.Expr:
    """Σ_i Σ_j summand, with i over the first variable and j over the second."""
    m, n = joint.sizes
    result: sympy.Expr = sympy.Sum(sympy.Sum(summand, (COLUMN_INDEX, 1, n)), (ROW_INDEX, 1, m))
    return result


def _cell(joint: IndexedJoint) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr]:
    """p[i, j], p(x = i) and p(y = j) of a symbolic table."""
    i, j = ROW_INDEX, COLUMN_INDEX
    return (
        joint.entry(i, j),
        joint.marginal(joint.names[0]).value_at(i),
        joint.marginal(joint.names[1]).value_at(j),
    )


class JointEntropy(Entropy):
    """H(X, Y) = −Σ p(x, y) log p(x, y): the entropy of the joint table."""

    def definition(self) -> sympy.Expr:
        joint = self.dist
        if isinstance(joint, IndexedJoint):
            p = joint.entry(ROW_INDEX, COLUMN_INDEX)
            return -_double_sum(joint, p * sympy.log(p)) * _base_factor(self.base)
        return super().definition()

    def _sympystr(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else f"_{printer._print(self.base)}"
        return f"H{sub}({', '.join(_joint(self.dist).names)})"

    def _latex(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else "_{" + printer._print(self.base) + "}"
        return f"H{sub}({', '.join(_joint(self.dist).names)})"


class ConditionalEntropy(Measure):
    """H(Y | X) = −Σ p(x, y) log p(y | x)."""

    def __new__(
        cls, joint: Joint, target: sympy.Tuple, given: sympy.Tuple, base: object = sympy.E
    ) -> ConditionalEntropy:
        obj: ConditionalEntropy = sympy.Expr.__new__(cls, joint, target, given, check_base(base))
        return obj

    base: ArgAt[sympy.Expr] = ArgAt(3)

    def definition(self) -> sympy.Expr:
        joint = self.args[0]
        if isinstance(joint, IndexedJoint):
            p, p_x, p_y = _cell(joint)
            p_given = p_x if joint.axis(self.args[2][0]) == 0 else p_y
            return -_double_sum(joint, p * sympy.log(p / p_given)) * _base_factor(self.base)
        target, given = joint.axes(self.args[1]), joint.axes(self.args[2])
        return -_log_ratio_sum(joint, (target + given,), (given,)) * _base_factor(self.base)

    def _sympystr(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else f"_{printer._print(self.base)}"
        return f"H{sub}({_text(self.args[1])} | {_text(self.args[2])})"

    def _latex(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else "_{" + printer._print(self.base) + "}"
        return f"H{sub}({_text(self.args[1])} \\mid {_text(self.args[2])})"


class MutualInformation(Measure):
    """I(X; Y | Z) = Σ p(x, y, z) log(p(x, y, z) p(z) / (p(x, z) p(y, z))); Z may be empty."""

    def __new__(
        cls,
        joint: Joint,
        first: sympy.Tuple,
        second: sympy.Tuple,
        given: sympy.Tuple,
        base: object = sympy.E,
    ) -> MutualInformation:
        obj: MutualInformation = sympy.Expr.__new__(
            cls, joint, first, second, given, check_base(base)
        )
        return obj

    base: ArgAt[sympy.Expr] = ArgAt(4)

    def definition(self) -> sympy.Expr:
        joint = self.args[0]
        if isinstance(joint, IndexedJoint):
            p, p_x, p_y = _cell(joint)
            return _double_sum(joint, p * sympy.log(p / (p_x * p_y))) * _base_factor(self.base)
        a, b, c = (joint.axes(self.args[k]) for k in (1, 2, 3))
        total = _log_ratio_sum(joint, (a + b + c, c), (a + c, b + c))
        return total * _base_factor(self.base)

    def _sympystr(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else f"_{printer._print(self.base)}"
        given = f" | {_text(self.args[3])}" if self.args[3] else ""
        return f"I{sub}({_text(self.args[1])}; {_text(self.args[2])}{given})"

    def _latex(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else "_{" + printer._print(self.base) + "}"
        given = f" \\mid {_text(self.args[3])}" if self.args[3] else ""
        return f"I{sub}({_text(self.args[1])}; {_text(self.args[2])}{given})"


def joint_entropy(joint: object, base: object = sympy.E) -> JointEntropy:
    """H(X, Y, …) of a Joint: ``joint_entropy(Joint([[0.5, 0], [0, 0.5]])).doit()`` is log 2."""
    return JointEntropy(_joint(joint), check_base(base))


def conditional_entropy(
    joint: object, target: str | Iterable[str], given: str | Iterable[str], base: object = sympy.E
) -> ConditionalEntropy:
    """H(target | given) = −Σ p log p(target | given): ``conditional_entropy(J, "Y", "X")``."""
    j = _joint(joint)
    t, g = _names(j, target, "the target"), _names(j, given, "the condition")
    if set(t) & set(g):
        raise InvalidDistributionError(f"a variable is both target and condition: {t} | {g}")
    return ConditionalEntropy(j, t, g, check_base(base))


def mutual_information(
    joint: object,
    first: str | Iterable[str],
    second: str | Iterable[str],
    base: object = sympy.E,
) -> MutualInformation:
    """I(first; second) = KL(p(x, y) ‖ p(x) p(y)): ``mutual_information(J, "X", "Y")``."""
    return conditional_mutual_information(joint, first, second, (), base)


def conditional_mutual_information(
    joint: object,
    first: str | Iterable[str],
    second: str | Iterable[str],
    given: str | Iterable[str],
    base: object = sympy.E,
) -> MutualInformation:
    """I(first; second | given): ``conditional_mutual_information(J, "X", "Y", given="Z")``."""
    j = _joint(joint)
    a, b = _names(j, first, "the first variable"), _names(j, second, "the second variable")
    c = _names(j, given, "the condition") if given else sympy.Tuple()
    if isinstance(j, IndexedJoint) and c:
        raise UnsupportedMeasureError(
            "conditional mutual information needs three variables; a symbolic table has two"
        )
    if (set(a) & set(b)) | (set(a) & set(c)) | (set(b) & set(c)):
        raise InvalidDistributionError(f"a variable is named twice in I({a}; {b} | {c})")
    return MutualInformation(j, a, b, c, check_base(base))


class TableKL(KLDivergence):
    """D(p ‖ q) between two joint tables of one shape: Σ_i Σ_j p log(p/q) over the cells.

    Prints as KL; over symbolic sizes it is a double sum (for data processing: marginalising a
    table is a channel).
    """

    def definition(self) -> sympy.Expr:
        p, q = self.p, self.q
        if isinstance(p, IndexedJoint) and isinstance(q, IndexedJoint):
            a, b = p.entry(ROW_INDEX, COLUMN_INDEX), q.entry(ROW_INDEX, COLUMN_INDEX)
            return _double_sum(p, a * sympy.log(a / b)) * _base_factor(self.base)
        return KLDivergence(p, q, self.base).definition()


def table_kl(p: object, q: object, base: object = sympy.E) -> TableKL:
    """D(p(x, y) ‖ q(x, y)) between two joint tables of one shape (symbolic sizes allowed)."""
    dp, dq = _joint(p), _joint(q)
    if isinstance(dp, IndexedJoint) != isinstance(dq, IndexedJoint) or (
        dp.sizes != dq.sizes if isinstance(dp, IndexedJoint) else dp.shape != dq.shape
    ):
        raise InvalidDistributionError(f"tables of different shapes: {dp} and {dq}")
    return TableKL(dp, dq, check_base(base))


class ConditionalKL(Measure):
    """D(p(target | given) ‖ q(target | given)) = Σ p(t, g) log(p(t | g) / q(t | g)), written from
    its definition so that the chain rule D(p(x, y) ‖ q(x, y)) = D(p(x) ‖ q(x)) + D(p(y | x) ‖
    q(y | x)) is a theorem the prover proves."""

    def __new__(
        cls,
        p: Joint | IndexedJoint,
        q: Joint | IndexedJoint,
        target: sympy.Tuple,
        given: sympy.Tuple,
        base: object = sympy.E,
    ) -> ConditionalKL:
        obj: ConditionalKL = sympy.Expr.__new__(cls, p, q, target, given, check_base(base))
        return obj

    p: ArgAt[Joint | IndexedJoint] = ArgAt(0)
    q: ArgAt[Joint | IndexedJoint] = ArgAt(1)
    base: ArgAt[sympy.Expr] = ArgAt(4)

    def definition(self) -> sympy.Expr:
        p, q = self.p, self.q
        if isinstance(p, IndexedJoint) and isinstance(q, IndexedJoint):
            a, a_x, a_y = _cell(p)
            b, b_x, b_y = _cell(q)
            row = p.axis(self.args[3][0]) == 0
            a_g, b_g = (a_x, b_x) if row else (a_y, b_y)
            summand = a * sympy.log(a * b_g / (a_g * b))
            return _double_sum(p, summand) * _base_factor(self.base)
        assert isinstance(p, Joint)
        assert isinstance(q, Joint)
        target, given = p.axes(self.args[2]), p.axes(self.args[3])
        full = target + given
        p_given, q_full, q_given = p.table(given), q.table(full), q.table(given)
        terms = []
        for cell, weight in p.table(full).items():
            if weight.is_zero:
                continue  # 0 · log(0 / q) = 0
            condition = cell[len(target) :]  # the cell's values of the given variables
            ratio = weight * q_given[condition] / (p_given[condition] * q_full[cell])
            terms.append(weight * sympy.log(ratio))
        return sympy.Add(*terms) * _base_factor(self.base)

    def _text(self, bar: str) -> str:
        target, given = _text(self.args[2]), _text(self.args[3])
        return f"{self.p.name}({target} {bar} {given}) ‖ {self.q.name}({target} {bar} {given})"

    def _sympystr(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else f"_{printer._print(self.base)}"
        return f"KL{sub}({self._text('|')})"

    def _latex(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else "_{" + printer._print(self.base) + "}"
        return f"D{sub}({self._text(chr(92) + 'mid').replace('‖', chr(92) + 'parallel')})"


def conditional_kl_divergence(
    p: object,
    q: object,
    target: str | Iterable[str] | None = None,
    given: str | Iterable[str] | None = None,
    base: object = sympy.E,
) -> ConditionalKL:
    """D(p(y | x) ‖ q(y | x)) = Σ_x p(x) D(p(y | x) ‖ q(y | x)) between two joint tables of one
    shape and one set of names: ``conditional_kl_divergence(p, q, given="X")`` (the target is
    every other variable unless named).

    >>> from sympy import S
    >>> p = Joint([[S(1)/4, S(1)/4], [S(1)/4, S(1)/4]])
    >>> q = Joint([[S(1)/2, 0], [S(1)/4, S(1)/4]], name="q")
    >>> conditional_kl_divergence(q, p, given="X").doit()
    log(2)/2
    """
    dp, dq = _joint(p), _joint(q)
    if isinstance(dp, IndexedJoint) != isinstance(dq, IndexedJoint) or (
        dp.sizes != dq.sizes if isinstance(dp, IndexedJoint) else dp.shape != dq.shape
    ):
        raise InvalidDistributionError(f"tables of different shapes: {show(dp)} and {show(dq)}")
    if dp.names != dq.names:
        raise InvalidDistributionError(
            f"tables with different variables: {dp.names} and {dq.names}"
        )
    if given is None:
        raise InvalidDistributionError("conditional_kl_divergence needs given=..., e.g. given='X'")
    g = _names(dp, given, "the condition")
    if target is None:
        rest = [v for v in dp.names if v not in {str(c) for c in g}]
        t = _names(dp, rest, "the target") if rest else sympy.Tuple()
    else:
        t = _names(dp, target, "the target")
    if not t:
        raise InvalidDistributionError(f"nothing left to condition: every variable is in {g}")
    if set(t) & set(g):
        raise InvalidDistributionError(f"a variable is both target and condition: {t} | {g}")
    return ConditionalKL(dp, dq, t, g, check_base(base))
