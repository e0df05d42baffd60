"""Closed forms registered by the families, consulted by the measures.

Neither side imports the other's internals: a family module registers a function of its
distribution objects here, and :mod:`symkl.measures` looks it up by type when ``.doit()`` is
called. Users extend it the same way::

    @register_kl(MyFamily, MyFamily)
    def _kl_my_family(p, q):
        return ...
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

import sympy

__all__ = [
    "entropy_closed_form",
    "kl_closed_form",
    "register_entropy",
    "register_kl",
]

EntropyRule = Callable[[sympy.Expr], sympy.Expr]
KLRule = Callable[[sympy.Expr, sympy.Expr], sympy.Expr]
_E = TypeVar("_E", bound=EntropyRule)
_K = TypeVar("_K", bound=KLRule)

_ENTROPY: dict[type, EntropyRule] = {}
_KL: dict[tuple[type, type], KLRule] = {}


def register_entropy(family: type) -> Callable[[_E], _E]:
    """Decorator: register the closed-form entropy (in nats) of ``family``."""

    def decorate(rule: _E) -> _E:
        _ENTROPY[family] = rule
        return rule

    return decorate


def register_kl(first: type, second: type) -> Callable[[_K], _K]:
    """Decorator: register the closed-form KL(first ‖ second) (in nats)."""

    def decorate(rule: _K) -> _K:
        _KL[(first, second)] = rule
        return rule

    return decorate


def _lookup(table: Mapping[tuple[type, ...], object], key: tuple[type, ...]) -> object | None:
    # Walk the MROs so a subclass of a registered family inherits its closed forms.
    import itertools

    for combo in itertools.product(*(k.__mro__ for k in key)):
        if combo in table:
            return table[combo]
    return None


def entropy_closed_form(dist: sympy.Expr) -> sympy.Expr | None:
    """The registered closed-form entropy of ``dist`` in nats, or None."""
    rule = _lookup({(k,): v for k, v in _ENTROPY.items()}, (type(dist),))
    return rule(dist) if callable(rule) else None


def kl_closed_form(p: sympy.Expr, q: sympy.Expr) -> sympy.Expr | None:
    """The registered closed-form KL(p ‖ q) in nats, or None."""
    rule = _lookup(dict(_KL.items()), (type(p), type(q)))
    return rule(p, q) if callable(rule) else None
