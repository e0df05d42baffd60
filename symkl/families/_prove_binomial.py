"""Expectations over a finite support 0..n whose end n is a symbol (Binomial's total_count).

SymPy does not close Σ_{k=0}^{n} C(n, k) p^k (1 − p)^{n−k} for a symbolic n (it answers by cases
on p ≤ ½). The proofs use instead, as a named lemma, the binomial theorem

    Σ_{k=0}^{n} C(n, k)·a^k·b^{n−k} = (a + b)^n      for every integer n ≥ 0 and all a, b,

an identity between polynomials in a. Applying a·∂/∂a to both sides j times (a finite sum, so
term by term; a·∂/∂a a^k = k·a^k, also at k = 0) gives Σ k^j·C(n, k)·a^k·b^{n−k} = (a·∂/∂a)^j
(a + b)^n, which at a = p, b = 1 − p is 1, n·p and n·p + n(n − 1)·p² for j = 0, 1, 2. The lemma
is used only after the summand of E[k^j] is checked to equal, identically in k and n, the lemma's
summand under the same operator at that a and b: a pmf that is not the binomial's cannot use it.

E[log C(m, k)] and E[log k!] have no closed form: they stay their defining sums over 0..n, which
two log-densities of one n share (so they cancel in a KL between them).

>>> from sympy import Symbol
>>> from symkl.families import Binomial
>>> from symkl.families._moments import Phi, PhiKind
>>> n, p = Symbol("n", integer=True, positive=True), Symbol("p", positive=True)
>>> symbolic_end_moment(Binomial(n, p), Phi(PhiKind.X))
(n*p, 'binomial-theorem')
"""

from __future__ import annotations

import sympy

from ._base import COUNT, Domain, Family
from ._moments import Phi, PhiKind

__all__ = ["BINOMIAL_THEOREM", "binomial_theorem_mean", "symbolic_end_moment"]

#: the lemma as the proofs state it
BINOMIAL_THEOREM = (
    "the binomial theorem Σ_{k=0}^{n} C(n, k)·a^k·b^{n−k} = (a + b)^n for n a non-negative "
    "integer (for E[k] and E[k²], a·∂/∂a of it once and twice), at a = p, b = 1 − p"
)

#: the powers j of E[k^j] the lemma gives
_POWERS = {PhiKind.ONE: 0, PhiKind.X: 1, PhiKind.X2: 2}
#: the means kept as their defining sums (no closed form)
_KEPT = (PhiKind.LOGCHOOSE, PhiKind.LOGFACT)


def _lemma(n: sympy.Expr, j: int) -> tuple[sympy.Expr, sympy.Expr, sympy.Dummy, sympy.Dummy]:
    """(summand, closed form, a, b) of (a·∂/∂a)^j applied to the binomial theorem."""
    a, b = sympy.Dummy("a"), sympy.Dummy("b")
    term = sympy.binomial(n, COUNT) * a**COUNT * b ** (n - COUNT)
    closed = (a + b) ** n
    for _ in range(j):
        term, closed = a * sympy.diff(term, a), a * sympy.diff(closed, a)
    return term, closed, a, b


def binomial_theorem_mean(
    summand: sympy.Expr, n: sympy.Expr, j: int, p: sympy.Expr
) -> sympy.Expr | None:
    """Σ_{k=0}^{n} summand by the lemma, or None unless summand = k^j·C(n, k)·p^k·(1 − p)^{n−k}
    identically (k = :data:`~._base.COUNT`)."""
    term, closed, a, b = _lemma(n, j)
    at = {a: p, b: 1 - p}
    if sympy.expand(sympy.powsimp(summand - term.xreplace(at))) != 0:
        return None
    return sympy.expand(closed.xreplace(at))


def symbolic_end_moment(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    """E[φ] under ``d`` on 0..n, n a symbolic non-negative integer: by the binomial theorem
    (E[1], E[k], E[k²]) or, for log C(m, k) and log k!, the defining sum itself."""
    lo, hi = d.bounds()
    if lo != 0 or hi.is_integer is not True or hi.is_nonnegative is not True:
        return None
    k = COUNT
    if phi.kind in _KEPT:  # the expectation by its definition: the pmf over the support 0..n
        return sympy.Sum(d.density(k) * phi.at(k), (k, lo, hi)), "series"
    j = _POWERS.get(phi.kind)
    if j is None:
        return None
    summand = d.density(k) * phi.at(k)
    probabilities = [
        a for a, spec in zip(d.args, d.params, strict=True) if spec.domain is Domain.UNIT
    ]
    for p in probabilities:  # which parameter is a is found by trying; the match is checked
        value = binomial_theorem_mean(summand, hi, j, p)
        if value is not None:
            return value, "binomial-theorem"
    return None
