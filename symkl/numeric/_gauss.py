"""Gauss–Hermite quadrature for measures over a multivariate normal.

With x = μ + L z (Σ = L Lᵀ) an outcome sum over a ``MultivariateNormal`` becomes
|det L| ∫ f(μ + L z) dz = |det L| Σ_m w_m e^{|z_m|²/2} f(μ + L z_m) on a tensor grid of
probabilists' Hermite nodes; for f = p·h with h polynomial (entropy, KL and cross-entropy between
Gaussians) the rule is exact. Two orders must agree, else the sample is unusable (nan)::

    >>> len(hermite_rule(3, 15)[0])
    3
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

import mpmath
import numpy as np
import sympy

from ..measures import OutcomeSum, distributions_in
from ._compile import Backend, Evaluator, compile_expr
from ._inner import Inner, compile_inner

__all__ = ["compile_gauss_hermite", "hermite_rule"]

#: Nodes per dimension (coarse, fine) by dimension; the grid has order**dim points.
ORDERS = {1: (40, 56), 2: (24, 32), 3: (12, 16), 4: (8, 10), 5: (6, 7)}
AGREEMENT = 1e-8


@functools.lru_cache(maxsize=32)
def hermite_rule(order: int, dps: int) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Nodes and weights for ∫ g(z) e^{−z²/2} dz at ``dps`` digits: the double-precision nodes
    refined by Newton's method on He_order, weights √(2π)·order!/(order·He_{order−1}(z))²."""
    start, _ = np.polynomial.hermite_e.hermegauss(order)
    with mpmath.workdps(dps + 10):

        def hermite(z: Any) -> tuple[Any, Any]:
            previous, current = mpmath.mpf(1), z
            for k in range(1, order):
                previous, current = current, z * current - k * previous
            return current, previous  # He_order(z), He_{order−1}(z)

        nodes, weights = [], []
        for z0 in start:
            z = mpmath.mpf(float(z0))
            for _ in range(100):
                value, lower = hermite(z)
                step = value / (order * lower)  # He_n' = n·He_{n−1}
                z -= step
                if abs(step) <= mpmath.mpf(10) ** (-(dps + 5)) * (1 + abs(z)):
                    break
            _, lower = hermite(z)
            nodes.append(z)
            weights.append(
                mpmath.sqrt(2 * mpmath.pi) * mpmath.factorial(order) / (order * lower) ** 2
            )
        return tuple(nodes), tuple(weights)


def _grid_np(order: int, dim: int) -> tuple[Any, Any]:
    nodes, weights = np.polynomial.hermite_e.hermegauss(order)
    grids = np.meshgrid(*([nodes] * dim), indexing="ij")
    z = np.stack([g.reshape(-1) for g in grids], axis=-1)
    log_w = sum(
        g.reshape(-1) for g in np.meshgrid(*([np.log(weights)] * dim), indexing="ij")
    ) + 0.5 * np.sum(z**2, axis=-1)
    return z, np.exp(log_w)


def _integrand(node: OutcomeSum) -> tuple[sympy.Expr, list[sympy.Symbol], Any]:
    over: Any = node.over
    dim = int(over.dim)
    if dim not in ORDERS:
        raise NotImplementedError(f"Gauss–Hermite quadrature in {dim} dimensions")
    ys = [sympy.Dummy(f"y{k}", real=True) for k in range(dim)]
    mapping = {}
    for atom in distributions_in(node.summand):
        density_at = getattr(atom, "density_at", None)
        if density_at is None or getattr(atom, "dim", None) != dim:
            raise NotImplementedError(f"{atom} is not a density on R^{dim}")
        mapping[atom] = density_at(ys)
    return node.summand.xreplace(mapping), ys, over


def compile_gauss_hermite(node: OutcomeSum, backend: Backend) -> Evaluator:
    """∫ summand over R^d for an outcome sum over a ``MultivariateNormal``, compiled once."""
    if not hasattr(node.over, "covariance_matrix"):
        raise NotImplementedError(f"no numeric rule for outcomes of {node.over}")
    integrand, ys, over = _integrand(node)
    dim = len(ys)
    value_of = compile_inner(integrand, frozenset(ys), backend)
    loc_of = [compile_expr(sympy.sympify(v), backend) for v in over.loc]
    cov_of = [compile_expr(sympy.sympify(v), backend) for v in over.covariance_matrix]
    if backend is Backend.MPMATH:
        return lambda env: _mp(value_of, ys, loc_of, cov_of, env)

    def run(env: Mapping[sympy.Basic, Any]) -> Any:
        mu = np.stack(np.broadcast_arrays(*[np.asarray(f(env), dtype=float) for f in loc_of]), -1)
        cov = np.stack(np.broadcast_arrays(*[np.asarray(f(env), dtype=float) for f in cov_of]), -1)
        cov = cov.reshape(*cov.shape[:-1], dim, dim)
        shape = np.broadcast_shapes(mu.shape[:-1], cov.shape[:-2])
        mu = np.broadcast_to(mu, (*shape, dim))
        cov = np.broadcast_to(cov, (*shape, dim, dim))
        with np.errstate(all="ignore"):
            good = np.all(np.isfinite(cov), axis=(-1, -2))
            good &= np.all(
                np.linalg.eigvalsh(np.where(good[..., None, None], cov, np.eye(dim))) > 0, -1
            )
            chol = np.linalg.cholesky(np.where(good[..., None, None], cov, np.eye(dim)))
            det = np.prod(np.diagonal(chol, axis1=-2, axis2=-1), axis=-1)
            estimates = []
            local = {
                s: (v[..., None] if isinstance(v, np.ndarray) else v)
                for s, v in value_of.prepare(env).items()
            }
            for order in ORDERS[dim]:
                z, w = _grid_np(order, dim)
                x = mu[..., None, :] + np.matmul(z, np.swapaxes(chol, -1, -2))
                for k, y in enumerate(ys):
                    local[y] = x[..., k]
                values = np.asarray(value_of(local))
                if np.iscomplexobj(values):
                    values = np.where(
                        np.abs(values.imag) <= 1e-12 * np.abs(values), values.real, np.nan
                    )
                terms = np.where(w == 0, 0.0, values.astype(float) * w)
                estimates.append(det * np.sum(terms, axis=-1))
            coarse, fine = estimates
            spread = np.abs(fine - coarse) / (1 + np.abs(fine))
        result = np.where(good & (spread <= AGREEMENT), fine, np.nan)
        return result[()] if result.shape == () else result

    return run


def _mp(
    value_of: Inner,
    ys: list[sympy.Symbol],
    loc_of: list[Evaluator],
    cov_of: list[Evaluator],
    env: Mapping[sympy.Basic, Any],
) -> Any:
    dim = len(ys)
    mu = [f(env) for f in loc_of]
    cov = mpmath.matrix([[cov_of[i * dim + j](env) for j in range(dim)] for i in range(dim)])
    try:
        chol = mpmath.cholesky(cov)
    except (ValueError, ZeroDivisionError):
        return mpmath.nan
    det = mpmath.fprod(chol[k, k] for k in range(dim))
    local = value_of.prepare(env)
    estimates = []
    for order in ORDERS[dim]:
        nodes, weights = hermite_rule(order, mpmath.mp.dps)
        total = mpmath.mpf(0)
        for index in np.ndindex(*([order] * dim)):
            z = [nodes[j] for j in index]
            weight = mpmath.fprod(weights[j] for j in index) * mpmath.exp(
                mpmath.fsum(v**2 for v in z) / 2
            )
            for i in range(dim):
                local[ys[i]] = mu[i] + mpmath.fsum(chol[i, j] * z[j] for j in range(i + 1))
            value = value_of(local)
            total += 0 if value == 0 else weight * value
        estimates.append(det * total)
    coarse, fine = estimates
    tolerance = mpmath.mpf(10) ** (-(2 * mpmath.mp.dps) // 3)
    # an infinity agrees only with itself (∞ > tolerance·∞ is false)
    agree = mpmath.isfinite(fine) and abs(fine - coarse) <= tolerance * (1 + abs(fine))
    if fine != coarse and not agree:
        return mpmath.nan
    return fine if not math.isnan(float(abs(fine))) else mpmath.nan
