"""The functions users call to build measures: each validates what it is given first.

Lists become :class:`~symkl.distributions.Discrete` (named p and q by position), log bases are
checked (:func:`symkl._validate.check_base`), strings are refused, and the distributions must be
comparable outcome by outcome::

    >>> entropy([sympy.S.Half, sympy.S.Half], base=2).doit()
    1
"""

from __future__ import annotations

import sympy

from ._validate import as_expression, check_base, check_variable_clash, show
from .distributions import Discrete, Distribution, as_distribution, common_support
from .errors import InvalidDistributionError, UnsupportedMeasureError
from .measures import (
    CrossEntropy,
    Entropy,
    Expectation,
    KLDivergence,
    OutcomeSum,
    distributions_in,
)

__all__ = ["cross_entropy", "entropy", "expectation", "kl_divergence", "outcome_sum"]


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
