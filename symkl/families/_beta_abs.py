"""E|x − m| under a Beta, derived from the definition of the regularised incomplete beta function.

SymPy does not integrate |x − m|·x^{a−1}(1 − x)^{b−1} over [0, 1] for symbolic a, b and m. The
derivation reads the density as C·k(x), k(x) = x^{a−1}(1 − x)^{b−1} (checked: the ratio is free of
x), and takes m by cases:

* m ≤ 0 (m ≥ 1): |x − m| = x − m (m − x) on all of [0, 1], so E|x − m| = ±(C·Z(a + 1, b) − m),
  with Z(s, b) = ∫_0^1 t^{s−1}(1 − t)^{b−1} dt the normalising integral, integrated by SymPy;
* 0 < m < 1: |x − m| = (x − m) + 2·(m − x) on [0, m] and (x − m) on [m, 1], so
  E|x − m| = C·(Z(a + 1, b) − m·Z(a, b)) + 2C·(m·J(a) − J(a + 1)) with
  J(s) = ∫_0^m t^{s−1}(1 − t)^{b−1} dt; J(s) = I_m(s, b)·Z(s, b) is the definition of the
  regularised incomplete beta function I_m(s, b), checked against SymPy's own definition of
  ``betainc_regularized`` (its rewrite as the ratio of the two integrals), so that the function
  in the value is the one meant.

>>> from sympy import Rational, nsimplify
>>> from symkl.families import Beta
>>> from symkl.families._moments import Phi, PhiKind
>>> from symkl.families._prove_moments import beta_normaliser
>>> half = Phi(PhiKind.ABS, Rational(1, 2))
>>> value = beta_absolute_moment(Beta(2, 2), half, beta_normaliser())
>>> nsimplify(value.evalf(30))
3/16
"""

from __future__ import annotations

import functools

import sympy

from ._base import Family
from ._moments import Phi, PhiKind

__all__ = ["beta_absolute_moment"]


@functools.cache
def _incomplete_beta_is_its_definition() -> bool:
    """SymPy's I_m(s, b), rewritten as integrals, is ∫_0^m k / ∫_0^1 k, k = t^{s−1}(1 − t)^{b−1}."""
    s, b = sympy.Dummy("s", positive=True), sympy.Dummy("b", positive=True)
    m, t = sympy.Dummy("m", positive=True), sympy.Dummy("t", positive=True)
    kernel = t ** (s - 1) * (1 - t) ** (b - 1)
    rewritten = sympy.betainc_regularized(s, b, 0, m).rewrite(sympy.Integral)
    integrals = sorted(rewritten.atoms(sympy.Integral), key=sympy.default_sort_key)
    if len(integrals) != 2:
        return False
    renamed = {}
    for integral in integrals:
        ((old, lo, hi),) = integral.limits
        renamed[integral] = sympy.Integral(integral.function.xreplace({old: t}), (t, lo, hi))
    expected = sympy.Integral(kernel, (t, 0, m)) / sympy.Integral(kernel, (t, 0, 1))
    return bool(sympy.simplify(rewritten.xreplace(renamed) - expected) == 0)


def beta_absolute_moment(
    d: Family, phi: Phi, normaliser: tuple[sympy.Expr, sympy.Dummy, sympy.Dummy]
) -> sympy.Expr | None:
    """E_d|x − m| by cases on m, for a density C·x^{a−1}(1 − x)^{b−1} on [0, 1]; None otherwise.

    ``normaliser`` is (Z, s, b): Z(s, b) = ∫_0^1 t^{s−1}(1 − t)^{b−1} dt integrated by SymPy in the
    dummies s and b (the one the Beta's other moments use)."""
    if phi.kind is not PhiKind.ABS or d.bounds() != (0, 1) or len(d.args) != 2:
        return None
    a, b = d.args
    x = d.variable
    constant = sympy.simplify(d.density(x) / (x ** (a - 1) * (1 - x) ** (b - 1)))
    if constant.has(x) or not _incomplete_beta_is_its_definition():
        return None
    z, za, zb = normaliser
    if z.has(sympy.Integral, sympy.Piecewise):
        return None

    def whole(s: sympy.Expr) -> sympy.Expr:  # Z(s, b)
        return z.xreplace({za: s, zb: b})

    def below(
        s: sympy.Expr,
    ) -> sympy.Expr:  # J(s) = ∫_0^m t^{s−1}(1 − t)^{b−1} dt = I_m(s, b)·Z(s, b)
        return sympy.betainc_regularized(s, b, 0, m) * whole(s)

    def tidy(value: sympy.Expr) -> sympy.Expr:  # C·Z(a + 1, b) = a/(a + b), C·Z(a, b) = 1
        return sympy.gammasimp(sympy.expand(value.rewrite(sympy.gamma)))

    m = phi.shift
    above_m = tidy(constant * (whole(a + 1) - m * whole(a)))  # E[x − m]
    inside = above_m + tidy(2 * constant * (m * below(a) - below(a + 1)))
    result: sympy.Expr = sympy.Piecewise((above_m, m <= 0), (-above_m, m >= 1), (inside, True))
    return result
