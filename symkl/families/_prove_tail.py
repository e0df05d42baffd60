"""A KL whose cross term has a power moment that converges for some parameters only.

Under Pareto(σ, α), E[x^j] is finite for α > j and ∞ for α ≤ j. When −log g is a polynomial
c_K·x^K + … + c_1·x (c_K > 0) plus terms of finite mean for every member of f, and f's own
log-density terms have finite means too, the KL is, with K the top power:

* for α > K: the usual derivation at α = K + δ, δ > 0 (every x^j, j ≤ K, converges there);
* for α ≤ K: ∞. E[x^K] = ∞ is derived: ∫_lo^{lo+R} f·x^K dx → ∞ as R → ∞ (the integrand is
  ≥ 0 on a support [lo, ∞) with lo ≥ 0), at α = K and at α = K/(1 + t), t > 0, so for all
  α in (0, K]. The polynomial minus (c_K/2)·x^K has a positive leading coefficient, so it is
  bounded below on [lo, ∞): E[−log g] ≥ (c_K/2)·E[x^K] − C = ∞, and E[log f] is finite.

>>> from sympy import Symbol
>>> from symkl.families import Exponential, Pareto
>>> s, a, r = (Symbol(n, positive=True) for n in ("s", "a", "r"))
>>> tail_cases(Pareto(s, a), Exponential(r))[:2]
(a, [1])
"""

from __future__ import annotations

import sympy

from ._base import Family
from ._moments import PhiKind
from ._prove_moments import derived_moment

__all__ = ["tail_cases"]

_POWERS = {PhiKind.X: 1, PhiKind.X2: 2}


def _finite_everywhere(f: Family, g: Family) -> bool:
    """Every non-power term of log g and every term of log f has a finite mean under f, for
    all of f's parameters (derived generically: no cases, no integral left, not ∞)."""
    terms = [p for _, p in g.log_terms() if p.kind not in _POWERS]
    terms += [p for _, p in f.log_terms()]
    for phi in terms:
        if phi.kind is PhiKind.ONE:
            continue
        derived = derived_moment(f, phi)
        if derived is None:
            return False
        value = derived[0]
        if value.has(sympy.Piecewise, sympy.Integral, sympy.oo, sympy.zoo, sympy.nan):
            return False
    return True


def _diverges(f: Family, alpha: sympy.Symbol, power: int) -> bool:
    """E[x^power] = ∞ under f for every alpha in (0, power]: at alpha = power and at
    power/(1 + t), t > 0, the partial integrals over [lo, lo + R] tend to ∞."""
    t, r = sympy.Dummy("t", positive=True), sympy.Dummy("R", positive=True)
    x = sympy.Dummy("x", positive=True)
    if f.bounds()[0].has(alpha):  # the support [lo, ∞) must not move with alpha
        return False
    for value in (sympy.Integer(power), sympy.Integer(power) / (1 + t)):
        member = type(f)(*(value if a == alpha else a for a in f.args))
        lo, hi = member.bounds()
        if hi is not sympy.oo or lo.is_nonnegative is not True:
            return False
        part = sympy.integrate(member.density(x) * x**power, (x, lo, lo + r))
        if part.has(sympy.Integral, sympy.Piecewise):
            return False
        try:
            if sympy.limit(part, r, sympy.oo) is not sympy.oo:
                return False
        except (NotImplementedError, ValueError, TypeError):
            return False  # a limit SymPy cannot take: divergence not shown
    return True


def tail_cases(f: Family, g: Family) -> tuple[sympy.Symbol, list[int], list[str]] | None:
    """(α, the powers of x in log g, the facts) when KL(f ‖ g) splits at α > top power."""
    powers = {}
    for coefficient, phi in g.log_terms():
        if phi.kind in _POWERS:
            if phi.at(sympy.Symbol("x")) != sympy.Symbol("x") ** _POWERS[phi.kind]:
                return None
            powers[_POWERS[phi.kind]] = coefficient
    if not powers:
        return None
    top = max(powers)
    if (-powers[top]).is_positive is not True or not _finite_everywhere(f, g):
        return None
    candidates = [a for a in f.args if isinstance(a, sympy.Symbol) and a.is_positive]
    for alpha in candidates:
        if _diverges(f, alpha, top):
            facts = [
                f"E[x^{top}] under {f} is ∞ for {alpha} ≤ {top} (the partial integrals over "
                f"[lo, lo + R] of a nonnegative integrand tend to ∞, at {alpha} = {top} and at "
                f"{alpha} = {top}/(1 + t), t > 0); −log of {g} grows as a positive multiple of "
                f"x^{top} (a polynomial bounded below by half its top term minus a constant) plus "
                f"terms of finite mean, so the KL is ∞ there; for {alpha} > {top} it is derived "
                f"at {alpha} = {top} + δ, δ > 0"
            ]
            return alpha, sorted(powers), facts
    return None
