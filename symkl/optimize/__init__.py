"""Optimisation: gradients, same-gradient and same-argmin relations, maximum likelihood.

The seeds' central question — why classifiers minimise cross-entropy and not KL — is a statement
about gradients and minimisers, so this module proves those, naming the relation that makes them
equal. Every side condition a relation needs (the scale is positive, the argument of log is
positive, the offset is free of the variables) is proved on the domain — ``domain=`` (an
``Interval``, a ``ProductSet`` or a dict symbol → Interval) and ``where=`` facts — and listed in the
proof's assumptions. Without a relation, a certified unique minimiser of one side (strictly convex,
stationary inside the domain) settles the claim: PROVED if the other side has the same one,
REFUTED with the point where the other side is lower. ``mle`` returns the root of the score
equations that is a proved maximum, or raises :class:`EstimationError` saying why there is none.
The relations and their certificates need no family and live in :mod:`symkl.calculus`; maximum
likelihood, which reads :mod:`symkl.families`, lives here::

    >>> from sympy import Symbol, exp
    >>> from symkl import Discrete, cross_entropy, kl_divergence
    >>> theta = Symbol("theta", real=True)
    >>> p = Discrete.symbolic("p", 2)
    >>> q = Discrete([1 / (1 + exp(-theta)), 1 / (1 + exp(theta))], name="q")
    >>> same_argmin(cross_entropy(p, q), kl_divergence(p, q), theta).method
    'constant offset: differ by H(p), free of theta'
"""

from __future__ import annotations

from ..calculus import (
    COMPONENT,
    DifferentGradient,
    GradientIs,
    SameArgmin,
    SameGradient,
    gradient,
    gradient_is,
    maximize,
    same_argmin,
    same_gradient,
)
from ..errors import EstimationError
from ..relations import Maximize
from ._mle import MLE, Likelihood, Model, likelihood
from ._mle_check import Maximizer
from ._mle_fit import mle

__all__ = [
    "COMPONENT",
    "MLE",
    "DifferentGradient",
    "EstimationError",
    "GradientIs",
    "Likelihood",
    "Maximize",
    "Maximizer",
    "Model",
    "SameArgmin",
    "SameGradient",
    "gradient",
    "gradient_is",
    "likelihood",
    "maximize",
    "mle",
    "same_argmin",
    "same_gradient",
]
