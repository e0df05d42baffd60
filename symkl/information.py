"""Several random variables: joint tables, their information measures and divergences.

Importing this module also registers the prover strategies that use their structure (the sum
normal form over symbolic sizes, Gibbs combinations, the log-sum inequality); ``symkl.Joint``
and the measures below are loaded from here::

    >>> from sympy import S
    >>> J = Joint([[S(1)/2, 0], [0, S(1)/2]])
    >>> mutual_information(J, "X", "Y").doit()
    log(2)
"""

from __future__ import annotations

from ._divergences import chi_square, hellinger, js_divergence, renyi_divergence, total_variation
from ._information import (
    conditional_entropy,
    conditional_kl_divergence,
    conditional_mutual_information,
    joint_entropy,
    mutual_information,
    table_kl,
)
from .joint import Joint, mixture

# Registration: the strategy modules import the measures above, never the other way round.
from .prover import _information as _information_strategies  # noqa: F401
from .prover import _sums as _sum_strategies  # noqa: F401

__all__ = [
    "Joint",
    "chi_square",
    "conditional_entropy",
    "conditional_kl_divergence",
    "conditional_mutual_information",
    "hellinger",
    "joint_entropy",
    "js_divergence",
    "mixture",
    "mutual_information",
    "renyi_divergence",
    "table_kl",
    "total_variation",
]
