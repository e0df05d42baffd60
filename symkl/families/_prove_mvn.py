"""The ``mvn-expectations`` strategy: one step of a MultivariateNormal derivation, proved alone.

A step such as ``E_p[−log p] = E_p[½·log((2π)^k·det Σ) + ½·(x − μ)ᵀΣ⁻¹(x − μ)]`` or
``c + a·E_p[(x₁ − μ₁)²] = c + a·σ₁²`` is a linear combination of entropies, KLs and expectations
under MultivariateNormals of one dimension that must vanish. The strategy

1. writes each entropy and KL by its definition, E_p[−log p] and E_p[log p − log q];
2. replaces each log D by D's log-density −½·(x − μ_D)ᵀΣ_D⁻¹(x − μ_D) − ½·log((2π)^k·det Σ_D),
   *verified* by exponentiating it back to the density (a Gaussian density is positive on all
   of ℝ^k, so log D is finite wherever p lives);
3. collects, per distribution p, one integrand Σ c_i·g_i (linearity: each g_i is then a
   polynomial in the coordinates, whose every expectation under a Gaussian is finite);
4. derives E_p of that polynomial afresh by y = μ_p + L·z with Σ_p = L·Lᵀ (Cholesky, checked) and
   z ~ N(0, I), each monomial a product of one-dimensional standard-normal moments integrated by
   SymPy; and proves that the total vanishes.

>>> from sympy import Eq, Matrix, Symbol
>>> from symkl import expectation, prove
>>> s = Symbol("s", positive=True)
>>> d = MultivariateNormal([0, 0], Matrix([[s**2, 0], [0, 1]]))
>>> x1, x2 = d.variable.components
>>> prove(Eq(expectation(d, x1**2 + x1 * x2), s**2)).method
'derived-moment'
"""

from __future__ import annotations

import sympy

from .._unicode import text_math
from ..measures import Entropy, Expectation, KLDivergence, Measure
from ..prover import Relation, RelationKind, Strategy, Success, register_strategy
from ._multivariate import Coordinate, MultivariateNormal
from ._prove_dirichlet import linear_in_measures
from ._prove_equal import equal_forms
from ._prove_multi import _mvn_expect, _mvn_log_density

__all__ = ["mvn_expectations", "mvn_log_density"]


def mvn_log_density(d: MultivariateNormal) -> sympy.Expr:
    """log N(μ, Σ)(x) = −½·(x − μ)ᵀΣ⁻¹(x − μ) − ½·log((2π)^k·det Σ), in x's coordinates.

    >>> from sympy import eye
    >>> mvn_log_density(MultivariateNormal([0], eye(1)))
    -x_1**2/2 - log(2*pi)/2
    """
    diff = sympy.Matrix(d.variable.components) - d.loc
    sigma = d.covariance_matrix
    quadratic = (diff.T * sigma.inv() * diff)[0, 0]
    return -quadratic / 2 - sympy.log((2 * sympy.pi) ** d.dim * sigma.det()) / 2


def _verified(d: MultivariateNormal) -> bool:
    """The written log-density, at dummy coordinates, exponentiates back to the density."""
    y = [sympy.Dummy(f"y{i}", real=True) for i in range(d.dim)]
    written = mvn_log_density(d).xreplace(dict(zip(d.variable.components, y, strict=True)))
    checked = _mvn_log_density(d, y)  # the same formula, verified by exponentiation
    return checked is not None and sympy.expand(checked - written) == 0


def _by_definition(m: Measure) -> Expectation | None:
    """H(p) = E_p[−log p], KL(p ‖ q) = E_p[log p − log q] (natural log, one dimension)."""
    if isinstance(m, Expectation):
        return m
    if m.args[-1] != sympy.E:
        return None
    if isinstance(m, Entropy) and isinstance(m.args[0], MultivariateNormal):
        p = m.args[0]
        return Expectation(p, -sympy.log(p))
    if isinstance(m, KLDivergence):
        p, q = m.args[0], m.args[1]
        both = isinstance(p, MultivariateNormal) and isinstance(q, MultivariateNormal)
        if both and p.dim == q.dim:
            return Expectation(p, sympy.log(p) - sympy.log(q))
    return None


def _written_out(e: Expectation) -> sympy.Expr | None:
    """E's integrand with each log D written out (verified); None if anything else is in it."""
    p = e.p
    logs: dict[sympy.Basic, sympy.Expr] = {}
    for node in e.f.atoms(sympy.log):
        inner = node.args[0]
        if isinstance(inner, MultivariateNormal):
            if inner.dim != p.dim or not _verified(inner):
                return None
            logs[node] = mvn_log_density(inner)
    g = e.f.xreplace(logs)
    return None if g.atoms(MultivariateNormal) else g


def mvn_expectations(rel: Relation) -> Success | None:
    """Prove Σ c_j·M_j + c = 0 for MultivariateNormal entropies, KLs and polynomial expectations."""
    parts = linear_in_measures(rel, MultivariateNormal)
    # a step of a derivation has an expectation in it; a closed-form claim (H = …, KL = …) is
    # left to the families' own derivation of the measure
    if parts is None or not any(isinstance(m, Expectation) for _, m in parts[0]):
        return None
    terms, total = parts
    integrands: dict[MultivariateNormal, sympy.Expr] = {}
    for coefficient, measure in terms:
        e = _by_definition(measure)
        if e is None or not isinstance(e.p, MultivariateNormal) or coefficient.has(Coordinate):
            return None
        g = _written_out(e)
        if g is None:
            return None
        integrands[e.p] = integrands.get(e.p, sympy.S.Zero) + coefficient * g
    facts = []
    for p, g in integrands.items():
        y = [sympy.Dummy(f"y{i}", real=True) for i in range(p.dim)]
        at = sympy.expand(g.xreplace(dict(zip(p.variable.components, y, strict=True))))
        if at.has(Coordinate) or not at.is_polynomial(*y):
            return None  # another vector's coordinates, or not a polynomial: no moments here
        if not at.has(*y):
            total += at  # the two sides agree pointwise: E[c] = c, no moment needed
            continue
        value = _mvn_expect(p, at, y)
        if value is None:
            return None
        total += value
        facts.append(
            f"the moments of the coordinates under {text_math(p)}, derived by x = μ + L·z with "
            "Σ = L·Lᵀ (Cholesky, checked) and z standard normal, each E[z_i^n] integrated"
        )
    if not equal_forms(total, sympy.S.Zero, []):
        return None
    facts += [
        "log N(μ, Σ)(x) = −½·(x − μ)ᵀΣ⁻¹(x − μ) − ½·log((2π)^k·det Σ) (exponentiating it gives "
        "back the density, positive on all of ℝ^k)",
        "every expectation is finite (polynomials in a Gaussian vector)",
    ]
    method = "derived-moment" if len(facts) > 2 else "log-density"
    return Success(method, tuple(dict.fromkeys(facts)))


register_strategy(
    Strategy("mvn-expectations", mvn_expectations, frozenset({RelationKind.EQ})),
    before="termwise-sum",
)
