"""Discrete families: Bernoulli, Poisson, Geometric (on 0, 1, 2, …) and Categorical.

>>> from sympy import Symbol
>>> k = Symbol("k", integer=True, positive=True)
>>> Poisson(2).density(k)
2**k*exp(-2)/factorial(k)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy
from sympy.core.symbol import Str

from .._registry import register_entropy, register_kl
from ..distributions import Discrete
from ..errors import InvalidParameterError
from ._base import COUNT, Arg, DiscreteFamily, Domain, Family, Parameter, check_scalar, show
from ._forms import infinite_unless, nested, xlog_ratio
from ._moments import LogTerms, Natural, Phi, PhiKind, xlogy
from ._near_equal import BernoulliDivergence, PoissonDivergence, near_equal
from ._series import GeometricLogFactorialMean, PoissonEntropy
from ._special import exact_then_round
from ._xlogx import XLog1mRatio, XLog1mX, XLogRatio, XLogX

__all__ = ["Bernoulli", "Categorical", "CountFamily", "Geometric", "Poisson", "log_factorial_mean"]

_ONE, _X = Phi(PhiKind.ONE), Phi(PhiKind.X)


def log_factorial_mean(pmf: sympy.Expr) -> sympy.Expr:
    """E[log k!] = Σ_k pmf(k)·log k!, kept as its (convergent) series: there is no closed form."""
    return sympy.Sum(pmf * sympy.log(sympy.factorial(COUNT)), (COUNT, 0, sympy.oo))


def _xlogx(x: sympy.Expr) -> sympy.Expr:
    # numbers as xlogy does them (Float 0.0 as exact 0); symbols as the NumPy-stable node
    return xlogy(x, x) if x.is_number else XLogX(x)


def _xlog1mx(p: sympy.Expr) -> sympy.Expr:
    # (1 − p)·log(1 − p); for a symbol the node that lambdifies through log1p (exact near p = 0)
    return xlogy(1 - p, 1 - p) if p.is_number else XLog1mX(p)


def _xlog_ratio(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    # a·log(a/b); for symbols the node whose lambdified value is 0 at a float a = 0.0
    return xlog_ratio(a, b) if a.is_number and b.is_number else XLogRatio(a, b)


def _xlog1m_ratio(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    # (1 − a)·log((1 − a)/(1 − b)); for symbols the node that lambdifies through log1p
    return xlog_ratio(1 - a, 1 - b) if a.is_number and b.is_number else XLog1mRatio(a, b)


class CountFamily(DiscreteFamily):
    """A family on 0, 1, 2, … with a log-pmf in the basis of :mod:`._moments`."""

    moment_group = "count"
    moment_route = "series"

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.Infinity


class Bernoulli(CountFamily):
    r"""Bernoulli(probs) on {0, 1}: P(1) = probs."""

    label = "Bernoulli"
    latex_name = r"\operatorname{Bern}"
    params = (Parameter("probs", Domain.UNIT, "p", (0.02, 0.98)),)

    probs = Arg()

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        # The support shrinks to one point at probs = 0 or 1 (so KL into it can be infinite).
        (p,) = self.args
        one, zero = (p - 1).is_zero, p.is_zero  # .is_zero: Float 1.0 / 0.0 act as exact 1 / 0
        return (sympy.S.One if one else sympy.S.Zero), (sympy.S.Zero if zero else sympy.S.One)

    def density(self, x: sympy.Expr) -> sympy.Expr:
        (p,) = self.args
        if x.is_number:
            return p if (x - 1).is_zero else 1 - p
        return sympy.Piecewise((1 - p, sympy.Eq(x, 0)), (p, True))

    def log_terms(self) -> LogTerms:
        (p,) = self.args
        return [(sympy.log(1 - p), _ONE), (sympy.log(p) - sympy.log(1 - p), _X)]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        (p,) = self.args
        table = {PhiKind.X: p, PhiKind.X2: p, PhiKind.LOGFACT: sympy.S.Zero}
        return table.get(phi.kind, super().moment(phi))

    def entropy_form(self) -> sympy.Expr:
        p = self.probs
        # XLogX: 0·log 0 = 0 also in lambdified (NumPy) form, at float probs 0.0 / 1.0
        return -_xlogx(p) - _xlog1mx(p)

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, Bernoulli):
            return None
        a, b = self.probs, other.probs
        body = _xlog_ratio(a, b) + _xlog1m_ratio(a, b)
        # for symbols one node: lambdified, the two terms cancel when a ≈ b
        return infinite_unless(nested(self, other), near_equal(BernoulliDivergence, body, a, b))

    def natural(self) -> Natural:
        p = self.probs
        eta = (sympy.log(p) - sympy.log(1 - p),)
        return Natural(eta, lambda e: sympy.log(1 + sympy.exp(e[0])), (_X,))


class Poisson(CountFamily):
    r"""Poisson(rate): P(k) = λ^k e^{−λ} / k!."""

    label = "Poisson"
    latex_name = r"\operatorname{Pois}"
    params = (Parameter("rate", Domain.POSITIVE, r"\lambda", (0.2, 6.0)),)

    rate = Arg()

    def density(self, x: sympy.Expr) -> sympy.Expr:
        (lam,) = self.args
        return lam**x * sympy.exp(-lam) / sympy.factorial(x)

    def log_terms(self) -> LogTerms:
        (lam,) = self.args
        return [(-lam, _ONE), (sympy.log(lam), _X), (sympy.S.NegativeOne, Phi(PhiKind.LOGFACT))]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        (lam,) = self.args
        if phi.kind is PhiKind.LOGFACT:
            return log_factorial_mean(self.density(COUNT))
        table = {PhiKind.X: lam, PhiKind.X2: lam + lam**2}
        return table.get(phi.kind, super().moment(phi))

    def entropy_form(self) -> sympy.Expr:
        # λ(1 − log λ) + E[log k!], one node so that it evaluates without cancellation
        return PoissonEntropy(self.rate)

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, Poisson):
            return None
        l1, l2 = self.rate, other.rate
        return near_equal(PoissonDivergence, l1 * sympy.log(l1 / l2) + l2 - l1, l1, l2)

    def natural(self) -> Natural:
        return Natural((sympy.log(self.rate),), lambda e: sympy.exp(e[0]), (_X,))


class Geometric(CountFamily):
    r"""Geometric(probs): failures before the first success, P(k) = (1 − p)^k p, k = 0, 1, …"""

    label = "Geometric"
    latex_name = r"\operatorname{Geom}"
    params = (Parameter("probs", Domain.UNIT, "p", (0.05, 0.95)),)

    def __new__(cls, *values: object) -> Geometric:
        obj: Geometric = super().__new__(cls, *values)
        if obj.args[0].is_zero:
            raise InvalidParameterError(f"Geometric probs must be in (0, 1], got {show(values[0])}")
        return obj

    probs = Arg()

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        (p,) = self.args
        return sympy.S.Zero, (sympy.S.Zero if (p - 1).is_zero else sympy.S.Infinity)

    def density(self, x: sympy.Expr) -> sympy.Expr:
        (p,) = self.args
        return (1 - p) ** x * p

    def log_terms(self) -> LogTerms:
        (p,) = self.args
        return [(sympy.log(p), _ONE), (sympy.log(1 - p), _X)]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        (p,) = self.args
        if phi.kind is PhiKind.LOGFACT:
            return GeometricLogFactorialMean(p)
        table = {PhiKind.X: (1 - p) / p, PhiKind.X2: (1 - p) * (2 - p) / p**2}
        return table.get(phi.kind, super().moment(phi))

    def entropy_form(self) -> sympy.Expr:
        p = self.probs
        return (-_xlog1mx(p) - _xlogx(p)) / p

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, Geometric):
            return None
        a, b = self.probs, other.probs
        body = sympy.log(a / b) + _xlog1m_ratio(a, b) / a
        if not (a.is_number and b.is_number):  # the Bernoulli KL over p: stable at a ≈ b
            body = BernoulliDivergence(a, b) / a
        return infinite_unless(nested(self, other), body)

    def natural(self) -> Natural:
        eta = (sympy.log(1 - self.probs),)
        return Natural(eta, lambda e: -sympy.log(1 - sympy.exp(e[0])), (_X,))


class Categorical(Discrete):
    r"""Categorical(probs) over K outcomes, labelled 0..K−1 as in torch.

    It is an explicit :class:`~symkl.distributions.Discrete` (so every discrete identity applies);
    :meth:`pmf` takes torch's 0-based label, :meth:`value_at` the 1-based position.

    >>> from sympy import Rational
    >>> Categorical([Rational(1, 2), Rational(1, 2)]).pmf(0)
    1/2
    """

    label = "Categorical"
    latex_name = r"\operatorname{Cat}"

    def __new__(cls, probs: Iterable[object], name: str | Str | None = None) -> Categorical:
        if isinstance(probs, (str, bytes)) or not isinstance(probs, Iterable):
            raise InvalidParameterError(f"Categorical probs must be a sequence, got {show(probs)}")
        raw = list(probs)
        spec = Parameter("probs", Domain.UNIT, "p", (0.0, 1.0))
        values = [check_scalar("Categorical", spec, v) for v in raw]
        if not values:
            raise InvalidParameterError("Categorical probs must not be empty, got []")
        total = sympy.Add(*values)
        if total.is_number and abs(float(total) - 1) > 1e-12:
            raise InvalidParameterError(
                f"Categorical probs must sum to 1, got {show(raw)} (sum {float(total):.15g})"
            )
        label = name if name is not None else f"Cat({', '.join(str(v) for v in values)})"
        obj: Categorical = super().__new__(cls, values, name=label)
        return obj

    def pmf(self, label: int) -> sympy.Expr:
        """P(X = label), label in 0..K−1 as in torch."""
        if not 0 <= label < len(self.probs):
            return sympy.S.Zero
        return self.probs[label]

    def _sympystr(self, printer: Any) -> str:
        return f"Categorical([{', '.join(printer._print(p) for p in self.probs)}])"

    def __str__(self) -> str:  # print() shows the family, as inside expressions
        return str(sympy.sstr(self))

    __repr__ = __str__

    def _latex(self, printer: Any) -> str:
        inner = ", ".join(printer._print(p) for p in self.probs)
        return f"{self.latex_name}\\left({inner}\\right)"


# Categorical is a user-level Discrete, not a parametric Family: its two rules are registered here.


def _h_categorical(d: Categorical) -> sympy.Expr:
    return -sympy.Add(*(xlogy(p, p) for p in d.probs))


def _kl_categorical(p: Categorical, q: Categorical) -> sympy.Expr:
    terms = [xlog_ratio(a, b) for a, b in zip(p.probs, q.probs, strict=True)]
    if any(t is sympy.oo for t in terms):
        return sympy.oo
    return sympy.Add(*terms)


register_entropy(Categorical)(exact_then_round(_h_categorical))
register_kl(Categorical, Categorical)(exact_then_round(_kl_categorical))
