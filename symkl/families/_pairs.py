"""Pairs of distributions that cannot be compared outcome by outcome: a clear error, never nonsense.

A KL or cross-entropy needs both distributions over the same outcome space. A family on the
integers 0, 1, 2, … against a symbolic ``Discrete`` over 1..n, a vector family against a scalar
one, or two vector families of different dimensions have no common outcomes to sum or integrate
over; building the measure raises :class:`~symkl.errors.SupportMismatchError` naming both::

    >>> from sympy import eye
    >>> from symkl import kl_divergence
    >>> from symkl.families import MultivariateNormal
    >>> kl_divergence(MultivariateNormal([0, 0], eye(2)), MultivariateNormal([0], [[1]]))
    Traceback (most recent call last):
    ...
    symkl.errors.SupportMismatchError: ...different dimensions: ... is 2-dimensional, ...
"""

from __future__ import annotations

import sympy

from .._registry import register_kl
from ..distributions import Distribution
from ..errors import SupportMismatchError
from ._base import Family
from ._multivariate import Dirichlet, MultivariateNormal

__all__ = ["check_pair", "outcome_shape", "vector_key"]


def outcome_shape(d: Distribution) -> str:
    """Where the outcomes of ``d`` live, in words."""
    from ._compound import Independent

    if isinstance(d, Independent):
        return f"vectors of {len(d.components)} independent components"
    if isinstance(d, MultivariateNormal):
        return f"vectors of length {d.dim}"
    if isinstance(d, Dirichlet):
        return f"the probability simplex of {len(d.concentration)} coordinates"
    if isinstance(d, Family):
        lo, hi = d.bounds()
        if d.kind.value == "discrete":
            return f"the integers {lo}..{hi}" if hi.is_finite else f"the integers {lo}, {lo + 1}, …"
        if lo.is_infinite and hi.is_infinite:
            return "the real line"
        return f"scalars in [{lo}, {hi}]"
    support = d.support
    count = support.size if support.size is not None else support.upper
    return f"outcomes 1..{count}"


def vector_key(d: Distribution) -> tuple[str, int] | None:
    """The shape of a vector family's outcomes; None for scalar outcomes."""
    from ._compound import Independent

    if isinstance(d, Independent):
        return ("independent", len(d.components))
    if isinstance(d, MultivariateNormal):
        return ("vector", d.dim)
    if isinstance(d, Dirichlet):
        return ("simplex", len(d.concentration))
    return None


def check_pair(p: Distribution, q: Distribution) -> None:
    """Raise SupportMismatchError unless p and q are over the same kind of outcome."""
    families = isinstance(p, Family), isinstance(q, Family)
    mismatch = False
    if families[0] != families[1]:
        mismatch = True  # a family against a user's Discrete: outcomes labelled differently
    elif vector_key(p) != vector_key(q):
        mismatch = True  # scalar against vector, different lengths, or simplex against space
    if mismatch:
        raise SupportMismatchError(
            f"cannot compare {sympy.sstr(p)} and {sympy.sstr(q)} outcome by outcome: the first is "
            f"over {outcome_shape(p)}, the second over {outcome_shape(q)}"
        )


def _checked_fallback(p: Distribution, q: Distribution) -> sympy.Expr | None:
    check_pair(p, q)
    return None  # compatible: the defining sum or integral, as before


register_kl(Family, Distribution)(_checked_fallback)
register_kl(Distribution, Family)(_checked_fallback)
