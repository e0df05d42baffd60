"""Gradients and minimisers on a domain: the same-gradient, same-argmin and gradient-is relations.

The part of :mod:`symkl.optimize` that needs no parametric family, so it stands beside
:mod:`symkl.families` and not above it; :mod:`symkl.optimize` adds maximum likelihood (which
reads the families) and is where users import all of it from::

    >>> import sympy
    >>> t = sympy.Symbol("t", real=True)
    >>> same_gradient(t**2 + 1, t**2 + 5, t).verdict
    <Verdict.PROVED: 'proved'>
"""

from __future__ import annotations

from ._calculus import COMPONENT, gradient
from ._detect import maximize
from ._relation_types import DifferentGradient, GradientIs, SameArgmin, SameGradient
from ._relations import gradient_is, same_argmin, same_gradient

__all__ = [
    "COMPONENT",
    "DifferentGradient",
    "GradientIs",
    "SameArgmin",
    "SameGradient",
    "gradient",
    "gradient_is",
    "maximize",
    "same_argmin",
    "same_gradient",
]
