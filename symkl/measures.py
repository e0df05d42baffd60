"""Unevaluated entropy, cross-entropy, KL divergence and expectation.

Each measure is a SymPy expression that prints as the textbook writes it and unfolds, through
:meth:`Measure.definition`, into an :class:`OutcomeSum` — the defining sum or integral over the
outcomes — which is what the prover works on. The functions users call (:func:`entropy`,
:func:`kl_divergence`, …) validate first: lists become :class:`~symkl.distributions.Discrete`,
log bases are checked, strings are refused, and the distributions must be comparable::

    >>> from symkl import Discrete, kl_divergence
    >>> p, q = Discrete.symbolic("p", 2), Discrete.symbolic("q", 2)
    >>> kl_divergence(p, q).definition()
    OutcomeSum(log(p/q)*p, p)
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.symbol import Str

from . import _conventions, _registry
from ._atoms import ArgAt, Distribution, Kind, Measure, Support, distributions_in, settled
from ._pieces import divides_by, explicit_expectation, integrate_pieces
from ._supports import common_support, may_vanish, support_within
from ._validate import as_expression, check_base, check_variable_clash, show
from .distributions import Discrete, IndexedDiscrete, as_distribution
from .errors import InvalidDistributionError, UnsupportedMeasureError

__all__ = [
    "CrossEntropy",
    "Entropy",
    "Expectation",
    "KLDivergence",
    "Measure",
    "OutcomeSum",
    "cross_entropy",
    "distributions_in",
    "entropy",
    "expectation",
    "kl_divergence",
    "outcome_sum",
    "unfold",
]


def _measured(value: object) -> Distribution:
    """A measure's argument: a distribution (strings and other values raise, naming them)."""
    if isinstance(value, Distribution):
        return value
    return as_distribution(value)


def _base_factor(base: sympy.Expr) -> sympy.Expr:
    return sympy.S.One if base == sympy.E else 1 / sympy.log(base)


def _base_subscript(base: sympy.Expr, printer: Any) -> str:
    return "" if base == sympy.E else "_{" + printer._print(base) + "}"


class Entropy(Measure):
    """H(p) = −Σ p log p (or −∫ p log p). ``.doit()`` gives a closed form where one is known."""

    def __new__(cls, dist: Distribution, base: object = sympy.E) -> Entropy:
        obj: Entropy = sympy.Expr.__new__(cls, _measured(dist), check_base(base))
        return obj

    dist: ArgAt[Distribution] = ArgAt(0)
    base: ArgAt[sympy.Expr] = ArgAt(1)

    def definition(self) -> sympy.Expr:
        p = self.dist
        return OutcomeSum(-p * sympy.log(p) * _base_factor(self.base), p)

    def doit(self, **hints: Any) -> sympy.Expr:
        closed = _registry.entropy_closed_form(self.dist)
        if closed is not None:
            return settled(closed * _base_factor(self.base))
        return super().doit(**hints)

    def _latex(self, printer: Any) -> str:
        return f"H{_base_subscript(self.base, printer)}({printer._print(self.dist)})"

    def _sympystr(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else f"_{printer._print(self.base)}"
        return f"H{sub}({printer._print(self.dist)})"


class _PairMeasure(Measure):
    """A measure of two distributions p and q in a logarithm base."""

    def __new__(cls, p: Distribution, q: Distribution, base: object = sympy.E) -> _PairMeasure:
        obj: _PairMeasure = sympy.Expr.__new__(cls, _measured(p), _measured(q), check_base(base))
        return obj

    p: ArgAt[Distribution] = ArgAt(0)
    q: ArgAt[Distribution] = ArgAt(1)
    base: ArgAt[sympy.Expr] = ArgAt(2)


def _escapes(p: Distribution, q: Distribution) -> bool:
    """p puts mass where q has none (a continuous support not inside q's): KL and CE are ∞."""
    return p.kind is Kind.CONTINUOUS and support_within(p, q) is False


class CrossEntropy(_PairMeasure):
    """H(p, q) = −Σ p log q = E_p[−log q]."""

    def definition(self) -> sympy.Expr:
        return OutcomeSum(-self.p * sympy.log(self.q) * _base_factor(self.base), self.p)

    def doit(self, **hints: Any) -> sympy.Expr:
        if _escapes(self.p, self.q):
            return sympy.oo * _base_factor(self.base)
        h = _registry.entropy_closed_form(self.p)
        kl = _registry.kl_closed_form(self.p, self.q)
        if h is not None and kl is not None:
            return settled((h + kl) * _base_factor(self.base))
        return super().doit(**hints)

    def _latex(self, printer: Any) -> str:
        sub = _base_subscript(self.base, printer)
        return f"H{sub}({printer._print(self.p)}, {printer._print(self.q)})"

    def _sympystr(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else f"_{printer._print(self.base)}"
        return f"H{sub}({printer._print(self.p)}, {printer._print(self.q)})"


class KLDivergence(_PairMeasure):
    """D_KL(p ‖ q) = Σ p log(p/q); ``oo`` where q = 0 and p > 0."""

    def definition(self) -> sympy.Expr:
        p, q = self.p, self.q
        return OutcomeSum(p * sympy.log(p / q) * _base_factor(self.base), p)

    def doit(self, **hints: Any) -> sympy.Expr:
        if _escapes(self.p, self.q):
            return sympy.oo * _base_factor(self.base)
        closed = _registry.kl_closed_form(self.p, self.q)
        if closed is not None:
            return settled(closed * _base_factor(self.base))
        return super().doit(**hints)

    def _latex(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else f"^{{({printer._print(self.base)})}}"
        return (
            f"D_{{\\mathrm{{KL}}}}{sub}({printer._print(self.p)} \\,\\|\\, "
            f"{printer._print(self.q)})"
        )

    def _sympystr(self, printer: Any) -> str:
        sub = "" if self.base == sympy.E else f"_{printer._print(self.base)}"
        return f"KL{sub}({printer._print(self.p)} || {printer._print(self.q)})"


class Expectation(Measure):
    """E_p[f] where ``f`` is a pointwise expression in distributions (and the outcome variable)."""

    def __new__(cls, p: Distribution, f: object) -> Expectation:
        expr = as_expression(f, "the function inside an expectation", UnsupportedMeasureError)
        obj: Expectation = sympy.Expr.__new__(cls, _measured(p), expr)
        return obj

    p: ArgAt[Distribution] = ArgAt(0)
    f: ArgAt[sympy.Expr] = ArgAt(1)

    def definition(self) -> sympy.Expr:
        """Σ_x p(x) f(x); where p(x) = 0 the term is 0 even if f(x) = ∞ (0·∞ = 0).

        SymPy would cancel p·(q/p) to q before the convention could apply, so a weight that
        f divides by and that is 0, or may be 0, at some outcome is summed outcome by outcome.
        """
        p, f = self.p, self.f
        if not divides_by(f, p):
            return OutcomeSum(p * f, p)
        if isinstance(p, Discrete):
            if any(not v.is_nonzero for v in p.probs):
                return explicit_expectation(p, f)
            return OutcomeSum(p * f, p)
        if may_vanish(p):  # Bernoulli(p) at p = 0: the term is 0 where the mass is
            return OutcomeSum(sympy.Piecewise((p * f, sympy.Ne(p, 0)), (sympy.S.Zero, True)), p)
        return OutcomeSum(p * f, p)

    def _latex(self, printer: Any) -> str:
        return (
            f"\\mathbb{{E}}_{{{printer._print(self.p)}}}\\!\\left[{printer._print(self.f)}\\right]"
        )

    def _sympystr(self, printer: Any) -> str:
        return f"E_{printer._print(self.p)}[{printer._print(self.f)}]"

    def _pretty(self, printer: Any) -> Any:
        from sympy.printing.pretty.stringpict import prettyForm, stringPict

        body = prettyForm(*printer._print(self.f).parens("[", "]"))
        return prettyForm(*stringPict.next(prettyForm(f"E_{self.p.name}"), body))


class OutcomeSum(Measure):
    """Σ_x f(x) over the outcomes of ``over`` (∫ f(x) dx when continuous).

    The summand is written in distribution atoms: ``OutcomeSum(-p*log(q), p)`` is
    −Σ_x p(x) log q(x).
    """

    def __new__(cls, summand: object, over: Distribution) -> OutcomeSum:
        expr = as_expression(summand, "the summand of an outcome sum", UnsupportedMeasureError)
        obj: OutcomeSum = sympy.Expr.__new__(cls, expr, _measured(over))
        return obj

    summand: ArgAt[sympy.Expr] = ArgAt(0)
    over: ArgAt[Distribution] = ArgAt(1)

    @property
    def support(self) -> Support:
        return self.over.support

    def definition(self) -> sympy.Expr:
        return self

    def pointwise(
        self, outcome: sympy.Expr | int, atoms: list[Distribution] | None = None
    ) -> sympy.Expr:
        """The summand at one outcome, under the 0·log 0 = 0 conventions."""
        dists = distributions_in(self.summand) if atoms is None else atoms
        mapping = {d: d.value_at(outcome) for d in dists}
        return _conventions.substitute(self.summand, mapping)

    def unfold(self) -> sympy.Expr:
        """The explicit sum, or an unevaluated ``Sum`` / ``Integral`` over the outcome variable."""
        support = self.support
        if support.size is not None:
            atoms = distributions_in(self.summand)
            return sympy.Add(*(self.pointwise(k, atoms) for k in range(1, support.size + 1)))
        assert support.variable is not None
        if support.kind is Kind.CONTINUOUS:
            # Each density is 0 outside its own support: split where one starts or ends.
            return integrate_pieces(self.summand, self.over, distributions_in(self.summand))
        term = self.pointwise(support.variable)
        return sympy.Sum(term, (support.variable, support.lower, support.upper))

    def doit(self, **hints: Any) -> sympy.Expr:
        unfolded = self.unfold()
        if hints.get("deep", True) and unfolded.has(sympy.Integral):
            result: sympy.Expr = unfolded.doit(**hints)
            return result
        return unfolded

    def _as_outcome_function(self, printer: Any) -> sympy.Expr:
        support = self.support
        if isinstance(self.over, IndexedDiscrete):
            mapping = {d: d.value_at(IndexedDiscrete.index) for d in distributions_in(self.summand)}
            return self.summand.xreplace(mapping)
        var = support.variable if support.variable is not None else sympy.Symbol("x")
        mapping = {
            d: sympy.Function(d.name)(var)
            for d in distributions_in(self.summand)
            if isinstance(d.args[-1], Str)
        }
        return self.summand.xreplace(mapping)

    def _latex(self, printer: Any) -> str:
        support = self.support
        body = printer._print(self._as_outcome_function(printer))
        if support.kind is Kind.CONTINUOUS:
            var = printer._print(support.variable)
            return f"\\int {body} \\, d{var}"
        if isinstance(self.over, IndexedDiscrete):
            return f"\\sum_{{i=1}}^{{{printer._print(self.over.n)}}} {body}"
        return f"\\sum_{{x}} {body}"

    def _sympystr(self, printer: Any) -> str:
        return f"OutcomeSum({printer._print(self.summand)}, {printer._print(self.over)})"

    def _pretty(self, printer: Any) -> Any:
        from sympy.printing.pretty.stringpict import prettyForm, stringPict

        head = "∫ " if self.support.kind is Kind.CONTINUOUS else "Σ_x "
        tail = " dx" if self.support.kind is Kind.CONTINUOUS else ""
        body = printer._print(self.summand)
        return prettyForm(*stringPict.next(prettyForm(head), body, prettyForm(tail)))


def unfold(expr: sympy.Basic) -> sympy.Expr:
    """Replace every measure by its defining sum or integral (explicit, ``Sum`` or ``Integral``)."""
    measures = [m for m in sympy.preorder_traversal(expr) if isinstance(m, Measure)]
    mapping: dict[sympy.Basic, sympy.Expr] = {}
    for m in measures:
        if m not in mapping:
            definition = m.definition()
            # A definition is linear in OutcomeSums; unfold each one.
            sums = [s for s in sympy.preorder_traversal(definition) if isinstance(s, OutcomeSum)]
            mapping[m] = definition.xreplace({s: s.unfold() for s in sums})
    result: sympy.Expr = expr.xreplace(mapping)
    return result


# --- the functions users call: each validates what it is given first ----------------------

#: Names given to plain lists by position: kl_divergence([..], [..]) prints as KL(p‖q).
_DEFAULT_NAMES = ("p", "q")


def _measure_args(*values: object) -> tuple[Distribution, ...]:
    dists = tuple(
        Discrete(v, name=_DEFAULT_NAMES[i]) if isinstance(v, (list, tuple)) else as_distribution(v)
        for i, v in enumerate(values)
    )
    common_support(*dists)
    return dists


def _check_defined(expr: sympy.Expr, what: str) -> None:
    if expr.has(sympy.nan, sympy.zoo):
        raise InvalidDistributionError(f"{what} must be defined (no nan or zoo), got {expr}")


def entropy(p: object, base: object = sympy.E) -> Entropy:
    """H(p), unevaluated: ``entropy([0.5, 0.5]).doit()`` is ``log(2)``."""
    (dist,) = _measure_args(p)
    return Entropy(dist, check_base(base))


def cross_entropy(p: object, q: object, base: object = sympy.E) -> CrossEntropy:
    """H(p, q) = E_p[−log q], unevaluated."""
    dp, dq = _measure_args(p, q)
    return CrossEntropy(dp, dq, check_base(base))


def kl_divergence(p: object, q: object, base: object = sympy.E) -> KLDivergence:
    """D_KL(p ‖ q) = E_p[log p/q], unevaluated."""
    dp, dq = _measure_args(p, q)
    return KLDivergence(dp, dq, check_base(base))


def expectation(p: object, f: object) -> Expectation:
    """E_p[f] with ``f`` a pointwise expression: ``expectation(p, -log(q / p))``."""
    (dist,) = _measure_args(p)
    expr = as_expression(f, "the function inside an expectation", UnsupportedMeasureError)
    _check_defined(expr, "the function inside an expectation")
    check_variable_clash(expr, dist.support.variable, f"the expectation over {dist.name}")
    others = distributions_in(expr)
    if others:
        common_support(dist, *others)
    return Expectation(dist, expr)


def outcome_sum(f: object, over: object | None = None) -> OutcomeSum:
    """Σ_x f(x) (or ∫ f dx) over the outcomes of ``over`` (default: the first distribution in f).

    >>> import sympy
    >>> from symkl import Discrete
    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> outcome_sum(-p * sympy.log(q))  # the seeds' −Σ_x p(x) log q(x)
    OutcomeSum(-log(q)*p, p)
    """
    expr = as_expression(f, "the summand of an outcome sum", UnsupportedMeasureError)
    _check_defined(expr, "the summand of an outcome sum")
    dists = distributions_in(expr)
    if over is None:
        if not dists:
            raise UnsupportedMeasureError(
                f"a sum over outcomes needs a distribution in {show(f)}, or over=..."
            )
        base = dists[0]
    else:
        base = as_distribution(over)
    common_support(base, *dists)
    check_variable_clash(expr, base.support.variable, f"the sum over the outcomes of {base.name}")
    return OutcomeSum(expr, base)
