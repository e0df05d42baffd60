"""Proofs for the vector families: MultivariateNormal by Gaussian moments, Dirichlet by moments.

* MultivariateNormal: log q(y) is a quadratic polynomial in y (verified by exponentiating it back
  to the density). With Σ_p = L·Lᵀ (checked) and y = μ_p + L·z, z ~ N(0, I) (change of
  variables), E_p[log q] is a polynomial in z whose monomials are products of one-dimensional
  standard-normal moments, each integrated by SymPy.
* Dirichlet: log p(x) = −log B(α) + Σ (α_i − 1)·log x_i (verified by exponentiation). The
  normaliser Z(α) = ∫_simplex Π x_i^{α_i − 1} is, by the stick-breaking substitution, a product
  of Beta integrals Z_B(α_i, α_{i+1} + … + α_K), each integrated by SymPy;
  E[log x_i] = ∂_{α_i} log Z.

>>> from sympy import eye
>>> from symkl.families import MultivariateNormal
>>> from symkl.families._prove_multi import derive_multivariate
>>> from symkl.measures import KLDivergence
>>> p, q = MultivariateNormal([0, 0], eye(2)), MultivariateNormal([1, 0], 2 * eye(2))
>>> value, facts, method = derive_multivariate(KLDivergence(p, q))
>>> value, method
(-1/4 + log(2), 'integral')
"""

from __future__ import annotations

import functools

import sympy

from ..measures import CrossEntropy, Entropy, KLDivergence, Measure
from ._multivariate import Dirichlet, MultivariateNormal
from ._prove_moments import beta_normaliser

__all__ = ["derive_multivariate"]


@functools.cache
def _standard_normal_moment(n: int) -> sympy.Expr:
    z = sympy.Dummy("z", real=True)
    value: sympy.Expr = sympy.integrate(
        z**n * sympy.exp(-(z**2) / 2) / sympy.sqrt(2 * sympy.pi), (z, -sympy.oo, sympy.oo)
    )
    return value


def _verified(power_terms: sympy.Expr, density: sympy.Expr) -> bool:
    power = sympy.Mul(*(sympy.exp(t) for t in sympy.Add.make_args(sympy.expand(power_terms))))
    density = density.replace(sympy.loggamma, lambda z: sympy.log(sympy.gamma(z)))
    ratio = power.rewrite(sympy.Pow) / density
    return bool(sympy.simplify(sympy.powsimp(ratio)) == 1)


def _mvn_log_density(q: MultivariateNormal, y: list[sympy.Symbol]) -> sympy.Expr | None:
    diff = sympy.Matrix(y) - q.loc
    sigma = q.covariance_matrix
    log_q = (
        -(diff.T * sigma.inv() * diff)[0, 0] / 2
        - sympy.log((2 * sympy.pi) ** q.dim * sigma.det()) / 2
    )
    return log_q if _verified(log_q, q.density_at(y)) else None


def _mvn_expect(
    p: MultivariateNormal, log_q: sympy.Expr, y: list[sympy.Symbol]
) -> sympy.Expr | None:
    sigma = p.covariance_matrix
    try:
        lower = sigma.cholesky(hermitian=False)
    except (ValueError, sympy.MatrixError):
        return None
    if (lower * lower.T - sigma).applyfunc(sympy.simplify).is_zero_matrix is not True:
        return None
    z = [sympy.Dummy(f"z{i}", real=True) for i in range(p.dim)]
    point = p.loc + lower * sympy.Matrix(z)
    poly = sympy.Poly(sympy.expand(log_q.xreplace(dict(zip(y, point, strict=True)))), *z)
    total = sympy.S.Zero
    for powers, coefficient in poly.terms():
        total += coefficient * sympy.Mul(*(_standard_normal_moment(n) for n in powers))
    return total


def _mvn(measure: Measure) -> tuple[sympy.Expr, list[str]] | None:
    dists = [a for a in measure.args if isinstance(a, MultivariateNormal)]
    p = dists[0]
    q = dists[-1]
    if p.dim != q.dim:
        return None
    y = [sympy.Dummy(f"y{i}", real=True) for i in range(p.dim)]
    facts = [
        "log-densities verified by exponentiation",
        "Σ_p = L·Lᵀ (Cholesky, checked); y = μ_p + L·z with z ~ N(0, I) (change of variables)",
        "E[z_i^n] of the standard normal by symbolic integration; coordinates of z independent",
    ]
    log_q = _mvn_log_density(q, y)
    if log_q is None:
        return None
    cross = _mvn_expect(p, log_q, y)
    if cross is None:
        return None
    if isinstance(measure, CrossEntropy):
        return -cross, facts
    if isinstance(measure, Entropy):
        return -cross, facts
    log_p = _mvn_log_density(p, y)
    if log_p is None:
        return None
    own = _mvn_expect(p, log_p, y)
    if own is None:
        return None
    return own - cross, facts


def _dirichlet_normaliser(alpha: tuple[sympy.Expr, ...]) -> sympy.Expr | None:
    z, a, b = beta_normaliser()
    if z.has(sympy.Integral, sympy.Piecewise):
        return None
    total = sympy.S.One
    for i in range(len(alpha) - 1):
        total *= z.xreplace({a: alpha[i], b: sympy.Add(*alpha[i + 1 :])})
    return total


def _dirichlet(measure: Measure) -> tuple[sympy.Expr, list[str]] | None:
    dists = [a for a in measure.args if isinstance(a, Dirichlet)]
    p, q = dists[0], dists[-1]
    k = len(p.concentration)
    if len(q.concentration) != k:
        return None
    generic = tuple(sympy.Dummy(f"alpha{i}", positive=True) for i in range(k))
    z = _dirichlet_normaliser(generic)
    if z is None:
        return None
    at = dict(zip(generic, p.concentration, strict=True))
    log_z = sympy.log(z)
    mean_log = [sympy.diff(log_z, g).xreplace(at) for g in generic]
    norm = sympy.gammasimp(z.xreplace(at) / _dirichlet_b(p.concentration))
    if sympy.simplify(norm) != 1:
        return None
    x = [sympy.Dummy(f"x{i}", positive=True) for i in range(k - 1)]
    coords = [*x, 1 - sympy.Add(*x)]

    def log_density(d: Dirichlet) -> sympy.Expr | None:
        terms = -sympy.log(_dirichlet_b(d.concentration)) + sympy.Add(
            *((a - 1) * sympy.log(c) for a, c in zip(d.concentration, coords, strict=True))
        )
        density = d.density_at(x).rewrite(sympy.gamma)
        return terms if _verified(terms, density) else None

    def expect(d: Dirichlet) -> sympy.Expr | None:
        if log_density(d) is None:
            return None
        constant = -sympy.log(_dirichlet_b(d.concentration))
        return constant + sympy.Add(
            *((a - 1) * m for a, m in zip(d.concentration, mean_log, strict=True))
        )

    facts = [
        "log-densities verified by exponentiation",
        "Z(α) = Π Z_B(α_i, α_{i+1} + … + α_K) by the stick-breaking substitution",
        "Beta integral Z_B by symbolic integration; E[log x_i] = ∂ log Z / ∂α_i",
    ]
    cross = expect(q)
    if cross is None:
        return None
    if isinstance(measure, (Entropy, CrossEntropy)):
        return -cross, facts
    own = expect(p)
    if own is None:
        return None
    return own - cross, facts


def _dirichlet_b(alpha: tuple[sympy.Expr, ...]) -> sympy.Expr:
    return sympy.Mul(*map(sympy.gamma, alpha)) / sympy.gamma(sympy.Add(*alpha))


def derive_multivariate(measure: Measure) -> tuple[sympy.Expr, list[str], str] | None:
    """The measure derived from its definition, the facts used and the method; None if not."""
    if not isinstance(measure, (Entropy, KLDivergence, CrossEntropy)):
        return None
    dists = measure.args[:-1]
    base = measure.args[-1]
    factor = sympy.S.One if base == sympy.E else 1 / sympy.log(base)
    if all(isinstance(d, MultivariateNormal) for d in dists):
        found = _mvn(measure)
        method = "integral"
    elif all(isinstance(d, Dirichlet) for d in dists):
        found = _dirichlet(measure)
        method = "moments"
    else:
        return None
    if found is None:
        return None
    value, facts = found
    return value * factor, facts, method
