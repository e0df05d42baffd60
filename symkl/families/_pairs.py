"""Pairs of distributions that cannot be compared outcome by outcome: a clear error, never nonsense.

A KL or cross-entropy needs both distributions over the same outcome space. A family on the
integers 0, 1, 2, … against a symbolic ``Discrete`` over 1..n, a vector family against a scalar
one, or two vector families of different dimensions have no common outcomes to sum or integrate
over; building the measure raises :class:`~symkl.errors.SupportMismatchError` naming both. Each
family says its own outcome shape (:meth:`Family.outcome_key`); the check itself lives beside the
class, and this module registers it as the fallback of every KL with a family on one side::

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
from ._base import Family, check_pair, outcome_shape, vector_key

__all__ = ["check_pair", "outcome_shape", "vector_key"]


def _checked_fallback(p: Distribution, q: Distribution) -> sympy.Expr | None:
    check_pair(p, q)
    return None  # compatible: the defining sum or integral, as before


register_kl(Family, Distribution)(_checked_fallback)
register_kl(Distribution, Family)(_checked_fallback)
