"""Unevaluated entropy, cross-entropy, KL divergence and expectation.

Each measure is a SymPy expression that prints as the textbook writes it and unfolds, through
:meth:`Measure.definition`, into an :class:`OutcomeSum` — the defining sum or integral over the
outcomes — which is what the prover works on::

    >>> from symkl import Discrete, kl_divergence
    >>> p, q = Discrete.symbolic("p", 2), Discrete.symbolic("q", 2)
    >>> kl_divergence(p, q).definition()
    OutcomeSum(log(p/q)*p, p)
"""

from __future__ import annotations

from typing import Any

import sympy
from mpmath.libmp import prec_to_dps
from sympy.core.symbol import Str

from . import _conventions, _registry
from ._validate import as_expression, base_facts, check_base
from .distributions import (
    Discrete,
    Distribution,
    IndexedDiscrete,
    Kind,
    Support,
    as_distribution,
    support_within,
)
from .errors import UnsupportedMeasureError

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


def distributions_in(expr: sympy.Basic) -> list[Distribution]:
    """The distributions in ``expr``, in a stable order (first appearance)."""
    seen: dict[Distribution, None] = {}
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Distribution):
            seen.setdefault(node, None)
        else:  # a distribution's own arguments (its probabilities) hold no other distribution
            stack.extend(reversed(node.args))
    return list(seen)


class Measure(sympy.Expr):
    """Base of the unevaluated information measures."""

    is_commutative = True
    # Never a "number" to SymPy's own reasoning, though evalf() gives its value: otherwise
    # Ge(H(Uniform(0, 1/2)), 0) would be decided (to False) while the claim is being built, and
    # assumption queries would integrate. N(), evalf() and float() still evaluate it.
    is_number = False

    def definition(self) -> sympy.Expr:
        """The measure as an :class:`OutcomeSum` (the defining sum or integral)."""
        raise NotImplementedError

    def domain_facts(self) -> tuple[sympy.Basic, ...]:
        """What a symbolic log base must satisfy (b > 0, b ≠ 1); nothing for a numeric one."""
        base = getattr(self, "base", None)
        return base_facts(base) if isinstance(base, sympy.Expr) else ()

    def doit(self, **hints: Any) -> sympy.Expr:
        result: sympy.Expr = self.definition().doit(**hints)
        return _settled(result)

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        """A measure of fully given distributions is a number: N(), evalf() and float() give it.

        One with free symbols (``H(p)`` of symbolic p) stays as it is, as SymPy leaves a
        ``Symbol``; so does one whose definition SymPy cannot evaluate in closed form.
        """
        if self.free_symbols:
            return None
        value = self.doit()
        if value.has(Measure, Distribution, sympy.Integral, sympy.Sum):
            return None
        result: sympy.Expr = value.evalf(prec_to_dps(prec))
        return result

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {sympy.latex(self)}$"

    def _pretty(self, printer: Any) -> Any:
        # H(p), H(p, q), KL(p || q) are one line; Expectation and OutcomeSum override this.
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(sympy.sstr(self))


def _measured(value: object) -> Distribution:
    """A measure's argument: a distribution (strings and other values raise, naming them)."""
    if isinstance(value, Distribution):
        return value
    return as_distribution(value)


def _settled(result: sympy.Expr) -> sympy.Expr:
    """``result`` as one Float when it is a number holding a Float.

    Floating-point probabilities give floating-point measures: ``0.693…/log(2)`` in base 2 is
    ``1.0``, not a quotient SymPy keeps unevaluated because ``log(2)`` is exact.
    """
    if result.has(sympy.Float) and not result.free_symbols and not result.has(Measure):
        settled: sympy.Expr = result.evalf()
        return settled
    return result


def _base_factor(base: sympy.Expr) -> sympy.Expr:
    return sympy.S.One if base == sympy.E else 1 / sympy.log(base)


def _base_subscript(base: sympy.Expr, printer: Any) -> str:
    return "" if base == sympy.E else "_{" + printer._print(base) + "}"


class Entropy(Measure):
    """H(p) = −Σ p log p (or −∫ p log p). ``.doit()`` gives a closed form where one is known."""

    def __new__(cls, dist: Distribution, base: object = sympy.E) -> Entropy:
        obj: Entropy = sympy.Expr.__new__(cls, _measured(dist), check_base(base))
        return obj

    @property
    def dist(self) -> Distribution:
        dist: Distribution = self.args[0]
        return dist

    @property
    def base(self) -> sympy.Expr:
        base: sympy.Expr = self.args[1]
        return base

    def definition(self) -> sympy.Expr:
        p = self.dist
        return OutcomeSum(-p * sympy.log(p) * _base_factor(self.base), p)

    def doit(self, **hints: Any) -> sympy.Expr:
        closed = _registry.entropy_closed_form(self.dist)
        if closed is not None:
            return _settled(closed * _base_factor(self.base))
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

    @property
    def p(self) -> Distribution:
        p: Distribution = self.args[0]
        return p

    @property
    def q(self) -> Distribution:
        q: Distribution = self.args[1]
        return q

    @property
    def base(self) -> sympy.Expr:
        base: sympy.Expr = self.args[2]
        return base


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
            return _settled((h + kl) * _base_factor(self.base))
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
            return _settled(closed * _base_factor(self.base))
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

    @property
    def p(self) -> Distribution:
        p: Distribution = self.args[0]
        return p

    @property
    def f(self) -> sympy.Expr:
        f: sympy.Expr = self.args[1]
        return f

    def definition(self) -> sympy.Expr:
        """Σ_x p(x) f(x); where p(x) = 0 the term is 0 even if f(x) = ∞ (0·∞ = 0).

        SymPy would cancel p·(q/p) to q before the convention could apply, so a weight with
        exact zeros that f divides by is summed outcome by outcome instead.
        """
        from ._pieces import divides_by, explicit_expectation

        p, f = self.p, self.f
        if isinstance(p, Discrete) and divides_by(f, p) and any(v.is_zero for v in p.probs):
            return explicit_expectation(p, f)
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

    @property
    def summand(self) -> sympy.Expr:
        summand: sympy.Expr = self.args[0]
        return summand

    @property
    def over(self) -> Distribution:
        over: Distribution = self.args[1]
        return over

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
            from ._pieces import integrate_pieces

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


# The user-facing constructors validate their arguments; they live in their own module.
from ._measure_functions import (  # noqa: E402
    cross_entropy,
    entropy,
    expectation,
    kl_divergence,
    outcome_sum,
)
