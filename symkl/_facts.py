"""Collecting the domain facts of every distribution and log base in an expression.

Claims, derivations and :func:`symkl.testing.assert_identity` add them to their ``where``, so a
step written in plain symbols (``p``, ``1 - p``) still knows 0 ≤ p ≤ 1::

    >>> import sympy
    >>> from symkl import Discrete, entropy
    >>> p, b = sympy.symbols("p b")
    >>> domain_facts_in(entropy(Discrete([p, 1 - p]), base=b))
    (b > 0, Ne(b, 1), p >= 0, p <= 1, 1 - p >= 0)
"""

from __future__ import annotations

import sympy

from .distributions import Distribution
from .measures import Measure

__all__ = ["domain_facts_in"]


def domain_facts_in(*exprs: object) -> tuple[sympy.Basic, ...]:
    """The domain facts of every distribution and log base in ``exprs``, in order, deduplicated.

    >>> import sympy
    >>> from symkl import Discrete, entropy
    >>> p, b = sympy.symbols("p b")
    >>> domain_facts_in(entropy(Discrete([p, 1 - p]), base=b))
    (b > 0, Ne(b, 1), p >= 0, p <= 1, 1 - p >= 0)
    """
    facts: dict[sympy.Basic, None] = {}
    stack = [e for e in reversed(exprs) if isinstance(e, sympy.Basic)]
    seen: set[sympy.Basic] = set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if isinstance(node, (Distribution, Measure)):
            for fact in node.domain_facts():
                if isinstance(fact, sympy.Basic) and fact is not sympy.true:
                    facts.setdefault(fact, None)
        if isinstance(node, Distribution):
            continue  # its arguments are its probabilities or parameters, not distributions
        stack.extend(a for a in reversed(node.args) if isinstance(a, sympy.Basic))
    return tuple(facts)
