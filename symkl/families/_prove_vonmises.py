"""The ``vonmises-expectations`` strategy: one step of the VonMises entropy, proved on its own.

VonMises(μ, κ) on [−π, π] has log f(x) = κ·cos(x − μ) − log(2π·I₀(κ)). A step that is a linear
combination of H(VonMises) and expectations E[g], g in {1, cos(x − μ)}, is proved by

1. writing the entropy by its definition E[−log f];
2. replacing log f by the log-density above, *verified* by exponentiating it back to the density;
3. deriving E[cos(x − μ)] = Z′(κ)/Z(κ) for Z(κ) = ∫_{−π}^{π} e^{κ·cos(x − μ)} dx (differentiation
   under the integral sign: a smooth integrand on a bounded interval). Z is derived afresh:
   the integrand has period 2π, so Z is the same for every μ (take μ = 0); e^{κ·cos t} is its
   Taylor series, uniformly convergent on [−π, π], integrated term by term; cos^n t is
   2^{−n}·Σ_j C(n, j)·e^{i(2j − n)t}, and ∫_{−π}^{π} e^{imt} dt = 0 for an integer m ≠ 0 (by
   SymPy), 2π for m = 0, so only even n = 2j leave 2π·C(2j, j)/4^j; the series
   2π·Σ_j (κ/2)^{2j}/(j!)² is summed by SymPy (2π·I₀(κ)).

>>> from sympy import Eq, Symbol, besseli, cos
>>> from symkl import expectation, prove
>>> from symkl.families import VonMises
>>> k = Symbol("k", positive=True)
>>> d = VonMises(0, k)
>>> prove(Eq(expectation(d, cos(d.variable)), besseli(1, k) / besseli(0, k))).verdict
<Verdict.PROVED: 'proved'>
"""

from __future__ import annotations

import functools

import sympy

from ..measures import Expectation
from ..prover import Relation, RelationKind, Strategy, Success, register_strategy
from ._heavy import VonMises
from ._prove_dirichlet import as_expectation, coefficients_in, linear_in_measures
from ._prove_equal import equal_forms

__all__ = ["vonmises_expectations", "vonmises_log_density"]


def vonmises_log_density(d: VonMises) -> sympy.Expr:
    """log f(x) = κ·cos(x − μ) − log(2π) − log I₀(κ).

    >>> k = sympy.Symbol("k", positive=True)
    >>> vonmises_log_density(VonMises(0, k))
    k*cos(x) - log(besseli(0, k)) - log(2*pi)
    """
    mu, k = d.args
    x = d.variable
    return k * sympy.cos(x - mu) - sympy.log(2 * sympy.pi) - sympy.log(sympy.besseli(0, k))


@functools.cache
def _normaliser() -> tuple[sympy.Expr, sympy.Dummy] | None:
    """Z(κ) = ∫_{−π}^{π} e^{κ·cos t} dt derived by the series above; None if a step fails."""
    t = sympy.Dummy("t", real=True)
    m = sympy.Dummy("m", integer=True, nonzero=True)
    orthogonal = sympy.integrate(sympy.exp(sympy.I * m * t), (t, -sympy.pi, sympy.pi))
    if sympy.simplify(orthogonal.rewrite(sympy.cos)) != 0:
        return None
    if sympy.integrate(sympy.S.One, (t, -sympy.pi, sympy.pi)) != 2 * sympy.pi:
        return None
    k = sympy.Dummy("kappa", positive=True)
    j = sympy.Dummy("j", integer=True, nonnegative=True)
    # the even terms: κ^{2j}/(2j)!·2π·C(2j, j)/4^j, the constant e^{0} term of cos^{2j}
    term = k ** (2 * j) / sympy.factorial(2 * j) * 2 * sympy.pi * sympy.binomial(2 * j, j) / 4**j
    plain = 2 * sympy.pi * (k / 2) ** (2 * j) / sympy.factorial(j) ** 2
    if sympy.simplify(sympy.combsimp(term / plain)) != 1:
        return None
    z = sympy.summation(plain, (j, 0, sympy.oo))
    return None if z.has(sympy.Sum) else (z, k)


def _mean_cos(d: VonMises) -> sympy.Expr | None:
    found = _normaliser()
    if found is None:
        return None
    z, k = found
    mu, kappa = d.args
    x = d.variable
    # the derived Z is the density's own normaliser: f = e^{κ·cos(x − μ)}/Z
    if (
        sympy.simplify(d.density(x) * z.xreplace({k: kappa}) / sympy.exp(kappa * sympy.cos(x - mu)))
        != 1
    ):
        return None
    return (sympy.diff(z, k) / z).xreplace({k: kappa})


def _checked(d: VonMises) -> bool:
    x = d.variable
    back = sympy.exp(vonmises_log_density(d))
    return bool(sympy.simplify(back / d.density(x)) == 1)


def _in_basis(e: Expectation) -> tuple[sympy.Expr, sympy.Expr] | None:
    """E's integrand as c₀ + c₁·cos(x − μ) (μ the distribution's own), or None."""
    d = e.p
    if not isinstance(d, VonMises) or not _checked(d):
        return None
    x = d.variable
    g = e.f.xreplace({sympy.log(d): vonmises_log_density(d)})
    if g.atoms(VonMises):
        return None
    own = sympy.cos(x - d.args[0])
    out = coefficients_in(sympy.expand(g), (x,), (own,))
    return None if out is None else (out[0], out[1])


def vonmises_expectations(rel: Relation) -> Success | None:
    """Prove Σ c_j·M_j + c = 0 for H(VonMises) and its expectations of cos(x − μ)."""
    parts = linear_in_measures(rel, VonMises)
    if parts is None:
        return None
    terms, total = parts
    for coefficient, measure in terms:
        expectation = as_expectation(measure)
        if expectation is None:
            return None
        combination = _in_basis(expectation)
        mean = _mean_cos(expectation.p) if combination is not None else None
        if combination is None or mean is None:
            return None
        total += coefficient * (combination[0] + combination[1] * mean)
    if not equal_forms(total, sympy.S.Zero, []):
        return None
    facts = (
        "log f(x) = κ·cos(x − μ) − log(2π·I₀(κ)) (exponentiating it gives back the density)",
        "E[cos(x − μ)] = Z′(κ)/Z(κ), Z(κ) = ∫_{−π}^{π} e^{κ·cos(x − μ)} dx, free of μ (period 2π)",
        "Z(κ) = 2π·Σ_j (κ/2)^{2j}/(j!)² = 2π·I₀(κ): the Taylor series of e^{κ·cos t} integrated "
        "term by term, ∫ e^{imt} dt = 0 over a period for an integer m ≠ 0, summed by SymPy",
        "every expectation is finite (a bounded integrand on [−π, π])",
    )
    return Success("derived-moment", facts)


register_strategy(
    Strategy("vonmises-expectations", vonmises_expectations, frozenset({RelationKind.EQ})),
    before="termwise-sum",
)
