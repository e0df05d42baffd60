"""Numeric spot checks, samplers and fast array versions of the measures.

:func:`spot_check` evaluates both sides of a claim at structured points (uniform, one-hot and
near-one-hot distributions, tiny probabilities, p = q, parameters at the ends of their domains,
every n in 1..12 plus 16 and 50) and then at random ones, inside the claim's facts, with
0·log 0 = 0. A disagreement counts only after it is re-evaluated with mpmath at 50 digits::

    >>> from sympy import Eq
    >>> from symkl import Discrete, kl_divergence
    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> spot_check(Eq(kl_divergence(p, q), kl_divergence(q, p))).ok
    False
"""

from __future__ import annotations

from ._arrays import cross_entropy, entropy, kl_divergence
from ._check import (
    CONFIRM_DPS,
    SYMBOLIC_SIZES,
    Check,
    confirm,
    examine,
    spot_check,
)
from ._compile import Backend, array_function, evaluate
from ._conditional import conditional_kl_divergence
from ._information import (
    chi_square,
    conditional_entropy,
    conditional_mutual_information,
    hellinger,
    joint_entropy,
    js_divergence,
    mutual_information,
    renyi_divergence,
    total_variation,
)
from ._outcomes import compile_node as compile_node  # importing it registers measures
from ._plan import Domain, Plan, claim_symbols, explicit_instance, plan_for, size_symbols
from ._sampler import draw, simplex_points

__all__ = [
    "CONFIRM_DPS",
    "SYMBOLIC_SIZES",
    "Backend",
    "Check",
    "Domain",
    "Plan",
    "array_function",
    "chi_square",
    "claim_symbols",
    "conditional_entropy",
    "conditional_kl_divergence",
    "conditional_mutual_information",
    "confirm",
    "cross_entropy",
    "draw",
    "entropy",
    "evaluate",
    "examine",
    "explicit_instance",
    "hellinger",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "mutual_information",
    "plan_for",
    "renyi_divergence",
    "simplex_points",
    "size_symbols",
    "spot_check",
    "total_variation",
]
