"""The closed-form entropy and KL of every family, asked of the family classes themselves.

One rule is registered for all families: KL(p ‖ q) is ∞ when supp p ⊄ supp q or when one is
discrete and the other continuous (p is then not absolutely continuous w.r.t. q); otherwise the
first family's :meth:`~._base.Family.kl_form` (textbook forms), and for two families of one
``moment_group`` the moment formula

    KL(F ‖ G) = −H(F) − Σ_k c^G_k·E_F[φ_k],

with ``oo`` where a moment E_F[φ_k] diverges (a ``Piecewise`` when that depends on symbols).

Where torch differs: KL(Geometric(1) ‖ Geometric(1)) is 0 here (both are the point mass at 0;
torch returns inf), and KL(Binomial(n₁, p) ‖ Binomial(n₂, q)) with n₁ < n₂ is a finite sum (torch
raises NotImplementedError).

>>> from sympy import Symbol
>>> from symkl import kl_divergence
>>> from symkl.families import Normal
>>> m1, m2 = Symbol("m1", real=True), Symbol("m2", real=True)
>>> s1, s2 = Symbol("s1", positive=True), Symbol("s2", positive=True)
>>> kl_divergence(Normal(m1, s1), Normal(m2, s2)).doit()
log(s2/s1) - 1/2 + (s1**2 + (m1 - m2)**2)/(2*s2**2)
"""

from __future__ import annotations

import sympy

from .._registry import register_entropy, register_kl
from ._base import Family
from ._forms import entropy_by_moments, kl_by_moments, nested
from ._pairs import check_pair, vector_key
from ._special import exact_then_round
from ._stable_kl import stable_entropy, stable_kl

__all__ = ["entropy_by_moments", "family_entropy", "family_kl", "kl_by_moments"]


def family_entropy(d: Family) -> sympy.Expr | None:
    """The family's own closed-form entropy (None: the definition is used)."""
    stable = stable_entropy(d)  # a form that keeps its digits lambdified, where one is needed
    return d.entropy_form() if stable is None else stable


def family_kl(p: Family, q: Family) -> sympy.Expr | None:
    """KL(p ‖ q) from the classes: ∞ off the support, p's textbook form, or the moment formula."""
    check_pair(p, q)
    if vector_key(p) is None and vector_key(q) is None:
        if p.kind is not q.kind:
            return sympy.oo  # atoms against a density (or back): p is not absolutely continuous
        if nested(p, q) is sympy.false:
            return sympy.oo  # p puts mass where q has none
    # a node that keeps its digits where the textbook or moment form's parts cancel, else those
    form = stable_kl(p, q)
    if form is not None:
        return form
    form = p.kl_form(q)
    if form is not None:
        return form
    if p.moment_group is not None and p.moment_group == q.moment_group:
        return kl_by_moments(p, q)
    return None


register_entropy(Family)(exact_then_round(family_entropy))
register_kl(Family, Family)(exact_then_round(family_kl))
