"""Measures of several random variables, and divergences beyond KL.

Joint and conditional entropy, (conditional) mutual information, Jensen–Shannon, total
variation, Hellinger, Rényi and χ². Each is unevaluated, prints as the textbook writes it and
unfolds through :meth:`definition` into its defining sum, written from the definition itself
(H(Y|X) = −Σ p(x, y) log p(y|x), not H(X, Y) − H(X)) so that identities between them are
theorems the prover must prove::

    >>> J = Joint.symbolic("p", (2, 2))
    >>> mutual_information(J, "X", "Y")
    I(X; Y)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy
from sympy.core.symbol import Str

from ._indexed_joint import COLUMN_INDEX, ROW_INDEX, IndexedJoint
from ._validate import as_expression, check_base, show
from .distributions import Discrete
from .errors import InvalidDistributionError, InvalidParameterError, UnsupportedMeasureError
from .joint import Joint, mixture
from .measures import Entropy, KLDivergence, Measure, OutcomeSum, _base_factor, _PairMeasure

__all__ = [
    "ChiSquare",
    "ConditionalEntropy",
    "Hellinger",
    "JSDivergence",
    "JointEntropy",
    "MutualInformation",
    "RenyiDivergence",
    "TotalVariation",
    "chi_square",
    "conditional_entropy",
    "conditional_mutual_information",
    "hellinger",
    "joint_entropy",
    "js_divergence",
    "mutual_information",
    "renyi_divergence",
    "total_variation",
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


def _log_ratio_sum(
    joint: Joint, numerator: list[tuple[int, ...]], denominator: list[tuple[int, ...]]
) -> sympy.Expr:
    """Σ over the cells of p(cell) log(Π numerator marginals / Π denominator marginals).

    The first numerator axis set holds every axis that appears; cells of probability 0 add 0.
    """
    full = numerator[0]
    tables = {axes: joint.table(axes) for axes in numerator + denominator}
    total = sympy.S.Zero
    for cell, weight in tables[full].items():
        if weight.is_zero:
            continue
        position = dict(zip(full, cell, strict=True))

        ratio = sympy.Mul(*(_entry(tables, a, position) for a in numerator)) / sympy.Mul(
            *(_entry(tables, a, position) for a in denominator)
        )
        total += weight * sympy.log(ratio)
    return total


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

    @property
    def base(self) -> sympy.Expr:
        base: sympy.Expr = self.args[3]
        return base

    def definition(self) -> sympy.Expr:
        joint = self.args[0]
        if isinstance(joint, IndexedJoint):
            p, p_x, p_y = _cell(joint)
            p_given = p_x if joint.axis(self.args[2][0]) == 0 else p_y
            return -_double_sum(joint, p * sympy.log(p / p_given)) * _base_factor(self.base)
        target, given = joint.axes(self.args[1]), joint.axes(self.args[2])
        return -_log_ratio_sum(joint, [target + given], [given]) * _base_factor(self.base)

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

    @property
    def base(self) -> sympy.Expr:
        base: sympy.Expr = self.args[4]
        return base

    def definition(self) -> sympy.Expr:
        joint = self.args[0]
        if isinstance(joint, IndexedJoint):
            p, p_x, p_y = _cell(joint)
            return _double_sum(joint, p * sympy.log(p / (p_x * p_y))) * _base_factor(self.base)
        a, b, c = (joint.axes(self.args[k]) for k in (1, 2, 3))
        total = _log_ratio_sum(joint, [a + b + c, c], [a + c, b + c])
        return total * _base_factor(self.base)

    def _sympystr(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else f"_{printer._print(self.base)}"
        given = f" | {_text(self.args[3])}" if self.args[3] else ""
        return f"I{sub}({_text(self.args[1])}; {_text(self.args[2])}{given})"

    def _latex(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else "_{" + printer._print(self.base) + "}"
        given = f" \\mid {_text(self.args[3])}" if self.args[3] else ""
        return f"I{sub}({_text(self.args[1])}; {_text(self.args[2])}{given})"


def _explicit_pair(p: object, q: object, what: str) -> tuple[Discrete, Discrete]:
    from ._measure_functions import _measure_args

    dp, dq = _measure_args(p, q)
    if not isinstance(dp, Discrete) or not isinstance(dq, Discrete):
        raise UnsupportedMeasureError(
            f"{what} supports explicit discrete distributions so far, got {dp} and {dq}"
        )
    return dp, dq


class _Divergence(_PairMeasure):
    """A pair measure printed as ``HEAD(p || q)``."""

    head = "D"
    latex_head = "D"
    separator = " || "

    def _sympystr(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else f"_{printer._print(self.base)}"
        return f"{self.head}{sub}({self.p.name}{self.separator}{self.q.name})"

    def _latex(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else "^{(" + printer._print(self.base) + ")}"
        sep = " \\,\\|\\, " if self.separator == " || " else ", "
        return f"{self.latex_head}{sub}({printer._print(self.p)}{sep}{printer._print(self.q)})"


class JSDivergence(_Divergence):
    """JS(p ‖ q) = ½ KL(p ‖ m) + ½ KL(q ‖ m) with m = ½(p + q)."""

    head, latex_head = "JS", "\\mathrm{JS}"

    def midpoint(self) -> Discrete:
        return mixture(self.p, self.q, sympy.S.Half, name=f"m_{self.p.name}{self.q.name}")

    def definition(self) -> sympy.Expr:
        m = self.midpoint()
        half = sympy.S.Half
        return (
            half * KLDivergence(self.p, m, self.base).definition()
            + half * KLDivergence(self.q, m, self.base).definition()
        )


class TotalVariation(_Divergence):
    """TV(p, q) = ½ Σ |p − q| (no log: the base is always e)."""

    head, latex_head, separator = "TV", "\\mathrm{TV}", ", "

    def definition(self) -> sympy.Expr:
        return OutcomeSum(sympy.Abs(self.p - self.q) / 2, self.p)


class Hellinger(_Divergence):
    """The Hellinger distance √(½ Σ (√p − √q)²), between 0 and 1."""

    head, latex_head, separator = "Hellinger", "\\mathrm{Hel}", ", "

    def definition(self) -> sympy.Expr:
        inner = OutcomeSum((sympy.sqrt(self.p) - sympy.sqrt(self.q)) ** 2 / 2, self.p)
        return sympy.sqrt(inner)


class ChiSquare(_Divergence):
    """χ²(p ‖ q) = Σ (p − q)² / q."""

    head, latex_head = "chi2", "\\chi^2"

    def definition(self) -> sympy.Expr:
        return OutcomeSum((self.p - self.q) ** 2 / self.q, self.p)


class RenyiDivergence(Measure):
    """D_α(p ‖ q) = log(Σ p^α q^(1−α)) / (α − 1), for α > 0, α ≠ 1."""

    def __new__(
        cls, p: Discrete, q: Discrete, alpha: sympy.Expr, base: object = sympy.E
    ) -> RenyiDivergence:
        obj: RenyiDivergence = sympy.Expr.__new__(cls, p, q, alpha, check_base(base))
        return obj

    @property
    def base(self) -> sympy.Expr:
        base: sympy.Expr = self.args[3]
        return base

    def definition(self) -> sympy.Expr:
        p, q, alpha = self.args[0], self.args[1], self.args[2]
        inner = OutcomeSum(p**alpha * q ** (1 - alpha), p)
        result: sympy.Expr = sympy.log(inner) / (alpha - 1) * _base_factor(self.base)
        return result

    def domain_facts(self) -> tuple[sympy.Basic, ...]:
        alpha = self.args[2]
        own = () if alpha.is_number else (alpha > 0, sympy.Ne(alpha, 1))
        return super().domain_facts() + own

    def _sympystr(self, printer: Any) -> str:
        alpha = printer._print(self.args[2])
        return f"D_{alpha}({self.args[0].name} || {self.args[1].name})"

    def _latex(self, printer: Any) -> str:
        alpha = printer._print(self.args[2])
        p, q = printer._print(self.args[0]), printer._print(self.args[1])
        return f"D_{{{alpha}}}({p} \\,\\|\\, {q})"


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


def js_divergence(p: object, q: object, base: object = sympy.E) -> JSDivergence:
    """JS(p ‖ q), between 0 and log 2: ``js_divergence([1, 0], [0, 1]).doit()`` is log 2."""
    dp, dq = _explicit_pair(p, q, "the Jensen–Shannon divergence")
    return JSDivergence(dp, dq, check_base(base))


def total_variation(p: object, q: object) -> TotalVariation:
    """½ Σ |p − q|: ``total_variation([1, 0], [0, 1]).doit()`` is 1."""
    dp, dq = _explicit_pair(p, q, "the total variation distance")
    return TotalVariation(dp, dq)


def hellinger(p: object, q: object) -> Hellinger:
    """√(½ Σ (√p − √q)²): ``hellinger([1, 0], [0, 1]).doit()`` is 1."""
    dp, dq = _explicit_pair(p, q, "the Hellinger distance")
    return Hellinger(dp, dq)


def chi_square(p: object, q: object) -> ChiSquare:
    """Σ (p − q)² / q: ``chi_square([S(1)/2, S(1)/2], [S(1)/4, S(3)/4])``."""
    dp, dq = _explicit_pair(p, q, "the chi-square divergence")
    return ChiSquare(dp, dq)


def renyi_divergence(
    p: object, q: object, alpha: object, base: object = sympy.E
) -> RenyiDivergence:
    """D_α(p ‖ q) for α > 0, α ≠ 1 (α → 1 is KL): ``renyi_divergence(p, q, 2)``."""
    dp, dq = _explicit_pair(p, q, "the Rényi divergence")
    a = as_expression(alpha, "the order α of a Rényi divergence", InvalidParameterError)
    if a.is_extended_real is False or a.is_nonpositive or a == 1 or a.has(sympy.oo, sympy.nan):
        raise InvalidParameterError(
            f"the order α of a Rényi divergence must be positive and not 1, got {alpha!r}"
        )
    return RenyiDivergence(dp, dq, a, check_base(base))


# The prover strategies for these measures register themselves on import.
from .prover import _information as _strategies  # noqa: E402, F401
from .prover import _sums as _sum_strategies  # noqa: E402, F401
