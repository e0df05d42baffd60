"""Binomial, OneHotCategorical, LowRankMultivariateNormal and Independent, with their closed forms.

* Binomial(total_count n, probs p) on 0..n. KL between two with the same n is n times the
  Bernoulli KL (the log C(n, k) terms cancel); with n₁ > n₂ it is ∞ (mass outside 0..n₂); with
  n₁ < n₂ the remaining E[log C(n₁, k)/C(n₂, k)] is a finite sum. Its entropy keeps E[log C(n, k)]
  as a finite sum (there is no closed form).
* OneHotCategorical is a Categorical whose outcomes are written as one-hot vectors: the same
  entropy and KL.
* LowRankMultivariateNormal(loc, cov_factor W, cov_diag d) is the MultivariateNormal with
  covariance W·Wᵀ + diag(d), so every MultivariateNormal closed form applies.
* Independent([d₁, …, d_k]) is the product of independent components: its entropy and KL are the
  sums of the components' (torch's ``Independent`` over a batch of scalar distributions).

>>> from sympy import Symbol
>>> from symkl import kl_divergence
>>> from symkl.families import Binomial
>>> p, q = Symbol("p", positive=True), Symbol("q", positive=True)
>>> kl_divergence(Binomial(10, p), Binomial(10, q)).doit()
10*p*log(p/q) + 10*(1 - p)*log((1 - p)/(1 - q))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sympy

from .._registry import entropy_closed_form, kl_closed_form
from ..distributions import Kind
from ..errors import InvalidParameterError, SupportMismatchError
from ._base import COUNT, Arg, DiscreteFamily, Domain, Family, Parameter, show
from ._binomial_series import LogChooseMean
from ._discrete import Categorical
from ._forms import infinite_unless, nested, xlog_ratio
from ._moments import LogTerms, Natural, Phi, PhiKind, xlogy
from ._multivariate import MultivariateNormal, VectorVariable, _check_covariance, _vector

__all__ = ["Binomial", "Independent", "LowRankMultivariateNormal", "OneHotCategorical"]

log = sympy.log


class Binomial(DiscreteFamily):
    r"""Binomial(total_count, probs): P(k) = C(n, k) p^k (1 − p)^{n−k}, k = 0..n."""

    label = "Binomial"
    latex_name = r"\operatorname{Bin}"
    params = (
        Parameter("total_count", Domain.REAL, "n", (1.0, 12.0), count=True),
        Parameter("probs", Domain.UNIT, "p", (0.02, 0.98)),
    )
    #: log P(k) = log C(n, k) + k·log(p/(1 − p)) + n·log(1 − p): a basis of its own (log C(n, k)
    #: is no other family's), so that two Binomials of one n are compared term by term
    moment_group = "binomial"
    moment_route = "series"

    @classmethod
    def _check_joint(cls, exprs: Sequence[sympy.Expr], raw: Sequence[object]) -> None:
        n = exprs[0]
        if n.is_integer is not True or n.is_nonnegative is not True:
            raise InvalidParameterError(
                f"Binomial total_count must be a non-negative integer, got {show(raw[0])} "
                "(declare a symbol integer and nonnegative)"
            )

    total_count = Arg()
    probs = Arg()

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        n, p = self.args
        if p.is_zero:
            return sympy.S.Zero, sympy.S.Zero
        if (p - 1).is_zero:
            return n, n
        return sympy.S.Zero, n

    def density(self, x: sympy.Expr) -> sympy.Expr:
        n, p = self.args
        return sympy.binomial(n, x) * p**x * (1 - p) ** (n - x)

    @property
    def mean(self) -> sympy.Expr:
        n, p = self.args
        return n * p

    @property
    def variance(self) -> sympy.Expr:
        n, p = self.args
        return n * p * (1 - p)

    def log_terms(self) -> LogTerms:
        n, p = self.args
        logit = log(p) - log(1 - p)
        return [
            (n * log(1 - p), Phi(PhiKind.ONE)),
            (logit, Phi(PhiKind.X)),
            (1, Phi(PhiKind.LOGCHOOSE, n)),
        ]

    def moment(self, phi: Phi) -> sympy.Expr | None:
        n, p = self.args
        if phi.kind is PhiKind.LOGCHOOSE and (phi.shift - n).is_nonnegative:
            return self.log_choose_mean(phi.shift)  # C(m, k) > 0 for every k ≤ n ≤ m
        table = {PhiKind.X: n * p, PhiKind.X2: n * p * (1 - p) + (n * p) ** 2}
        return table.get(phi.kind, super().moment(phi))

    def log_choose_mean(self, other_n: sympy.Expr | None = None) -> sympy.Expr:
        """E[log C(m, k)] under this distribution, m = n by default: a finite sum over 0..n."""
        n = self.args[0]
        m = n if other_n is None else other_n
        if n.is_Integer and sympy.sympify(m).is_Integer:
            return LogChooseMean(n, self.args[1], m)  # SymPy's evalf of this Sum is wrong
        k = COUNT
        return sympy.Sum(self.density(k) * log(sympy.binomial(m, k)), (k, 0, n))

    def entropy_form(self) -> sympy.Expr:
        n, p = self.args
        return -n * (xlogy(p, p) + xlogy(1 - p, 1 - p)) - self.log_choose_mean()

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, Binomial):
            return None
        (n1, a), (n2, b) = self.args, other.args
        bernoulli = xlog_ratio(a, b) + xlog_ratio(1 - a, 1 - b)
        if (n1 - n2).is_zero:
            return infinite_unless(nested(self, other), n1 * bernoulli)
        # E[log C(n₁,k)/C(n₂,k)] + n₁p log(p/q) + n₁(1−p) log(1−p) − (n₂ − n₁p) log(1−q)
        rest = self.log_choose_mean() - self.log_choose_mean(n2)
        body = rest + n1 * xlog_ratio(a, b) + n1 * xlogy(1 - a, 1 - a) - (n2 - n1 * a) * log(1 - b)
        return infinite_unless(nested(self, other), body)

    def natural(self) -> Natural:
        """For a fixed n: η = logit p, T = k, A = n·log(1 + e^η)."""
        n, p = self.args
        eta = (log(p) - log(1 - p),)
        return Natural(eta, lambda e: n * log(1 + sympy.exp(e[0])), (Phi(PhiKind.X),), (n,))


class OneHotCategorical(Categorical):
    r"""OneHotCategorical(probs): a Categorical whose outcomes are the one-hot vectors e_1..e_K."""

    label = "OneHotCategorical"
    latex_name = r"\operatorname{OneHotCat}"

    def _sympystr(self, printer: Any) -> str:
        return f"OneHotCategorical([{', '.join(printer._print(p) for p in self.probs)}])"


class LowRankMultivariateNormal(MultivariateNormal):
    r"""LowRankMultivariateNormal(loc, cov_factor, cov_diag): covariance W·Wᵀ + diag(d)."""

    label = "LowRankMultivariateNormal"

    def __new__(
        cls, loc: object, cov_factor: object, cov_diag: object
    ) -> LowRankMultivariateNormal:
        name = "LowRankMultivariateNormal"
        spec = Parameter("loc", Domain.REAL, r"\mu", (-2.0, 2.0))
        from ._base import check_scalar

        mu = [check_scalar(name, spec, v) for v in _vector(name, "loc", loc)]
        diag_spec = Parameter("cov_diag", Domain.POSITIVE, "D", (0.3, 3.0))
        diag = [check_scalar(name, diag_spec, v) for v in _vector(name, "cov_diag", cov_diag)]
        try:
            factor = sympy.ImmutableMatrix(cov_factor)
        except (TypeError, ValueError, sympy.SympifyError) as exc:
            raise InvalidParameterError(
                f"{name} cov_factor must be a matrix, got {show(cov_factor)}"
            ) from exc
        d = len(mu)
        if len(diag) != d or factor.shape[0] != d:
            raise InvalidParameterError(
                f"{name} needs loc, cov_factor rows and cov_diag of one length, got {d}, "
                f"{factor.shape[0]} and {len(diag)}"
            )
        # W·Wᵀ + diag(d) is positive definite for every real W once each dᵢ > 0, so the rounded
        # sum is checked only otherwise (W = 1e6, d = 1e-12: 1e12 + 1e-12 rounds to singular)
        if not (all(v.is_positive for v in diag) and all(w.is_real for w in factor)):
            _check_covariance(factor * factor.T + sympy.diag(*diag))
        obj: LowRankMultivariateNormal = sympy.Expr.__new__(
            cls, sympy.ImmutableMatrix(mu), factor, sympy.ImmutableMatrix(diag)
        )
        return obj

    @property
    def cov_factor(self) -> sympy.ImmutableMatrix:
        return self.args[1]

    @property
    def cov_diag(self) -> sympy.ImmutableMatrix:
        return self.args[2]

    @property
    def covariance_matrix(self) -> sympy.ImmutableMatrix:
        w, d = self.args[1], self.args[2]
        return sympy.ImmutableMatrix(w * w.T + sympy.diag(*d))

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        return set().union(*(a.free_symbols for a in self.args))

    def _sympystr(self, printer: Any) -> str:
        mu = ", ".join(printer._print(v) for v in self.loc)
        return (
            f"LowRankMultivariateNormal([{mu}], {printer._print(self.cov_factor.tolist())}, "
            f"{printer._print(list(self.cov_diag))})"
        )


class Independent(Family):
    r"""Independent([d_1, …, d_k]): the product distribution of independent scalar families."""

    label = "Independent"
    latex_name = r"\bigotimes"
    kind = Kind.CONTINUOUS

    def __new__(cls, components: Iterable[object]) -> Independent:
        if isinstance(components, (str, bytes)) or not isinstance(components, Iterable):
            raise InvalidParameterError(
                f"Independent components must be a sequence of families, got {show(components)}"
            )
        items = list(components)
        if not items or not all(isinstance(c, Family) for c in items):
            raise InvalidParameterError(
                f"Independent components must be a non-empty list of families, got {show(items)}"
            )
        kinds = {c.kind for c in items if isinstance(c, Family)}
        if len(kinds) > 1:
            raise InvalidParameterError(
                f"Independent components must all be discrete or all continuous, got {show(items)}"
            )
        target = _DiscreteIndependent if kinds == {Kind.DISCRETE} else cls
        if cls is _DiscreteIndependent:
            target = cls
        obj: Independent = sympy.Expr.__new__(target, sympy.Tuple(*items))
        return obj

    @property
    def components(self) -> tuple[Family, ...]:
        return tuple(self.args[0])

    def outcome_key(self) -> tuple[str, int] | None:
        return ("independent", len(self.components))

    def outcome_words(self) -> str:
        return f"vectors of {len(self.components)} independent components"

    @property
    def parameters(self) -> tuple[sympy.Expr, ...]:
        return tuple(p for c in self.components for p in c.parameters)

    @property
    def name(self) -> str:
        text: str = sympy.sstr(self)
        return text

    def _sympystr(self, printer: Any) -> str:
        return f"Independent([{', '.join(printer._print(c) for c in self.components)}])"

    def _latex(self, printer: Any) -> str:
        return r" \otimes ".join(printer._print(c) for c in self.components)

    @property
    def variable(self) -> VectorVariable:
        return VectorVariable(len(self.components))

    def density(self, x: sympy.Expr) -> sympy.Expr:
        assert isinstance(x, VectorVariable)
        coords = x.components
        return sympy.Mul(*(c.density(v) for c, v in zip(self.components, coords, strict=True)))

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        return self.density(sympy.sympify(outcome))

    def parameter_domains(self) -> dict[sympy.Symbol, tuple[float, float]]:
        out: dict[sympy.Symbol, tuple[float, float]] = {}
        for c in self.components:
            out.update(c.parameter_domains())
        return out

    def domain_facts(self) -> list[str]:
        return list(dict.fromkeys(f for c in self.components for f in c.domain_facts()))

    def entropy_form(self) -> sympy.Expr | None:
        parts = [entropy_closed_form(c) for c in self.components]
        return None if any(h is None for h in parts) else sympy.Add(*parts)

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, Independent):
            return None
        cp, cq = self.components, other.components
        if len(cp) != len(cq):
            raise SupportMismatchError(
                f"cannot compare {sympy.sstr(self)} and {sympy.sstr(other)}: {len(cp)} components "
                f"against {len(cq)}"
            )
        parts = [kl_closed_form(a, b) for a, b in zip(cp, cq, strict=True)]
        if any(k is None for k in parts):
            return None
        if any(k is sympy.oo for k in parts):
            return sympy.oo
        return sympy.Add(*parts)


class _DiscreteIndependent(Independent):
    kind = Kind.DISCRETE
