"""NegativeBinomial(total_count r, probs p), torch's parameterisation, in one class.

The number of successes k before the r-th failure, each trial a success with probability p:
P(k) = Γ(k + r)/(k!·Γ(r))·p^k·(1 − p)^r on k = 0, 1, 2, … (r > 0 real, 0 ≤ p < 1).

* mean r·p/(1 − p), variance r·p/(1 − p)²;
* KL between two with the same r: the log Γ(k + r)/k! terms cancel, leaving
  r·log((1 − p)/(1 − q)) + E[k]·log(p/q), with 0·log 0 = 0 and ∞ when q = 0 < p;
* with different r, E[log Γ(k + r₁) − log Γ(k + r₂)] has no closed form: the defining sum is used;
* its entropy is one node, :class:`NegativeBinomialEntropy`, whose ``rewrite(Sum)`` is the
  defining series (E[log C(k + r − 1, k)] kept as a sum) and which evaluates fast (see
  :mod:`._nb_series`), as for the Poisson.

For a fixed r it is an exponential family: natural parameter η = log p, statistic k,
log-normaliser A(η) = −r·log(1 − e^η).

>>> NegativeBinomial(3, sympy.Rational(1, 2)).mean
3
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from ..errors import InvalidParameterError
from ._base import COUNT, Arg, DiscreteFamily, Domain, Family, Parameter, show
from ._forms import infinite_unless, nested, xlog_ratio
from ._moments import LogTerms, Natural, Phi, PhiKind
from ._nb_series import NegativeBinomialEntropy

__all__ = ["NegativeBinomial"]


class NegativeBinomial(DiscreteFamily):
    r"""NegativeBinomial(total_count, probs): P(k) = Γ(k+r)/(k! Γ(r)) p^k (1 − p)^r."""

    label = "NegativeBinomial"
    latex_name = r"\operatorname{NB}"
    params = (
        Parameter("total_count", Domain.POSITIVE, "r", (0.5, 8.0)),
        Parameter("probs", Domain.UNIT, "p", (0.02, 0.9), below_one=True),
    )
    #: log P(k) = log C(k + r − 1, k) + k·log p + r·log(1 − p): a basis of its own, so that two
    #: of one r are compared term by term
    moment_group = "negative-binomial"
    moment_route = "series"

    total_count = Arg()
    probs = Arg()

    @classmethod
    def _check_joint(cls, exprs: Sequence[sympy.Expr], raw: Sequence[object]) -> None:
        if (exprs[1] - 1).is_zero:
            raise InvalidParameterError(
                f"NegativeBinomial probs must be in [0, 1), got {show(raw[1])} "
                "(at probs = 1 the r-th failure never comes)"
            )

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        # probs = 0: every trial fails, so k = 0 surely (.is_zero: Float 0.0 as exact 0)
        return sympy.S.Zero, (sympy.S.Zero if self.probs.is_zero else sympy.S.Infinity)

    def density(self, x: sympy.Expr) -> sympy.Expr:
        r, p = self.args
        choose = sympy.gamma(x + r) / (sympy.factorial(x) * sympy.gamma(r))
        return choose * p**x * (1 - p) ** r

    def log_terms(self) -> LogTerms:
        r, p = self.args
        return [
            (r * sympy.log(1 - p), Phi(PhiKind.ONE)),
            (sympy.log(p), Phi(PhiKind.X)),
            (sympy.S.One, Phi(PhiKind.LOGMULTICHOOSE, r)),
        ]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        r, p = self.args
        if phi.kind is PhiKind.LOGMULTICHOOSE and (phi.shift - r).is_zero:
            return self.log_choose_mean()
        mean = r * p / (1 - p)
        table = {PhiKind.X: mean, PhiKind.X2: mean / (1 - p) + mean**2}
        return table.get(phi.kind, super().moment(phi))

    def log_choose_mean(self) -> sympy.Expr:
        """E[log C(k + r − 1, k)] = Σ_k P(k)·log(Γ(k + r)/(k!·Γ(r))), kept as its series."""
        r = self.total_count
        k = COUNT
        term = sympy.loggamma(k + r) - sympy.loggamma(k + 1) - sympy.loggamma(r)
        return sympy.Sum(self.density(k) * term, (k, 0, sympy.oo))

    def entropy_form(self) -> sympy.Expr:
        # −r log(1 − p) − r p log p/(1 − p) − E[log C(k + r − 1, k)] as one node, so that it
        # evaluates without summing term by term and without the parts' cancellation
        return NegativeBinomialEntropy(*self.args)

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, NegativeBinomial):
            return None
        (r1, a), (r2, b) = self.args, other.args
        if not (r1 - r2).is_zero:
            return None
        body = r1 * sympy.log((1 - a) / (1 - b)) + r1 / (1 - a) * xlog_ratio(a, b)
        return infinite_unless(nested(self, other), body)

    def natural(self) -> Natural:
        """For a fixed r: η = log p, T(k) = k, A(η) = −r·log(1 − e^η) (see :mod:`._bregman`)."""
        r, p = self.args
        a = lambda e: -r * sympy.log(1 - sympy.exp(e[0]))  # noqa: E731
        return Natural((sympy.log(p),), a, (Phi(PhiKind.X),), (r,))
