"""KL of an exponential family as the Bregman divergence of its log-normaliser.

A family that declares f(x) = h(x)·exp(η·T(x) − A(η)) (:meth:`~._base.Family.natural`) has

    KL(p ‖ q) = A(η_q) − A(η_p) − ∇A(η_p)·(η_q − η_p),

because E_p[T] = ∇A(η_p). This is a derivation independent of the moment tables and of the
textbook forms: only A is used, differentiated symbolically. The declaration itself is checked
(:func:`natural_form_holds`): log f − η·T + A must not depend on the parameters (it is log h).

>>> from symkl.families import Exponential
>>> bregman_kl(Exponential(2), Exponential(3))
-log(3) + 1/2 + log(2)
"""

from __future__ import annotations

import sympy

from .._registry import kl_closed_form
from ._base import Family
from ._prove_equal import domain_dummies, normal_form, vanishes

__all__ = ["bregman_agrees", "bregman_kl", "natural_form_holds"]


def bregman_kl(p: Family, q: Family) -> sympy.Expr | None:
    """A(η_q) − A(η_p) − ∇A(η_p)·(η_q − η_p), or None when p, q are not one exponential family."""
    if type(p) is not type(q):
        return None
    np_, nq = p.natural(), q.natural()
    if np_ is None or nq is None or len(np_.eta) != len(nq.eta):
        return None
    if any(not sympy.sympify(a - b).is_zero for a, b in zip(np_.fixed, nq.fixed, strict=True)):
        return None
    etas = [sympy.Dummy(f"eta{i}") for i in range(len(np_.eta))]
    a = np_.log_normaliser(etas)
    at_p = dict(zip(etas, np_.eta, strict=True))
    at_q = dict(zip(etas, nq.eta, strict=True))
    gradient = [sympy.diff(a, e).xreplace(at_p) for e in etas]
    step = sympy.Add(*(g * (eq - ep) for g, eq, ep in zip(gradient, nq.eta, np_.eta, strict=True)))
    kl = a.xreplace(at_q) - a.xreplace(at_p) - step
    # e^{log p − log(1 − p)} = p/(1 − p): split exponentials of sums so the logs cancel
    result: sympy.Expr = sympy.expand_power_exp(kl)
    return result


def natural_form_holds(d: Family) -> bool:
    """log f(x) − η·T(x) + A(η) is free of the parameters (so it is log h(x)), for scalar d."""
    form = d.natural()
    if form is None or not form.statistics:
        return False
    etas = [sympy.Dummy(f"eta{i}") for i in range(len(form.eta))]
    a = form.log_normaliser(etas).xreplace(dict(zip(etas, form.eta, strict=True)))
    fixed = set().union(*(sympy.sympify(f).free_symbols for f in form.fixed))
    free = sorted(d.free_symbols - fixed, key=sympy.default_sort_key)
    lo, hi = d.bounds()
    points: list[sympy.Expr] = [d.variable]
    if d.kind.value == "discrete" and lo.is_Integer and hi.is_Integer:
        points = [sympy.Integer(j) for j in range(int(lo), int(hi) + 1)]
    for x in points:
        dot = sympy.Add(*(e * t.at(x) for e, t in zip(form.eta, form.statistics, strict=True)))
        rest = sympy.log(d.density(x)) - dot + a
        rest = rest.replace(sympy.loggamma, lambda z: sympy.log(sympy.gamma(z)))
        for symbol in free:
            slope = sympy.expand_log(sympy.expand(sympy.diff(rest, symbol)), force=False)
            if sympy.simplify(sympy.expand_func(slope)) != 0:
                return False
    return True


def bregman_agrees(p: Family, q: Family) -> bool:
    """The registered closed form of KL(p ‖ q) minus the Bregman form vanishes identically.

    Parameters become dummies carrying their domains (a probability p is u/(1 + u), u > 0); the
    arguments of logarithms are put over one denominator before the log rules are applied.
    """
    closed, bregman = kl_closed_form(p, q), bregman_kl(p, q)
    if closed is None or bregman is None:
        return False
    difference = domain_dummies(closed - bregman, [p, q])
    difference = difference.replace(
        lambda e: isinstance(e, sympy.log), lambda e: sympy.log(sympy.factor(e.args[0]))
    )
    if vanishes(difference):
        return True
    return bool(sympy.simplify(normal_form(difference)) == 0)
