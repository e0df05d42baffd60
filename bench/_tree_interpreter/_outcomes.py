"""Sums and integrals over outcomes, vectorised over samples, for :func:`._evaluate.evaluate`.

* explicit supports: the outcomes along a new last axis, with the index ``i`` bound to each
  outcome (Σ_i i·p_i is 1·p_1 + 2·p_2 + …, not one shared random i);
* continuous supports: double-exponential quadrature on fixed nodes at two step sizes, split at
  the kinks of the integrand (|x − μ| of Laplace, Piecewise edges), a sample counting only when
  both estimates agree and the distribution integrates to 1 on the nodes;
* multivariate normals: Gauss–Hermite quadrature after x = μ + L z (two orders must agree);
* infinite series: summed term by term until the tail is negligible (nan when it is not).

Unreliable estimates are nan (unusable), never a number that could fake a counterexample::

    >>> series(sympy.Sum(2**-k, (k, 0, sympy.oo)), {}, Backend.NUMPY)
    2.0
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

import mpmath
import numpy as np
import sympy

from symkl._quadrature import STEP, integrate_samples, nodes_and_weights
from symkl.distributions import Distribution, IndexedDiscrete, Kind
from symkl.measures import Measure, OutcomeSum, distributions_in

from ._evaluate import RULES, Backend, evaluate
from ._gauss import gauss_hermite_measure

__all__ = ["breakpoints", "integral", "measure", "series"]

#: Relative disagreement between two quadrature step sizes above which a sample is unusable.
QUADRATURE_AGREEMENT = 1e-8
#: Terms of an infinite series summed per block, and the most summed before giving up.
SERIES_BLOCK = 512
SERIES_MAX_TERMS = 1 << 16
#: At 50 digits each term is a Python call: a slower tail than this is unusable there.
MP_SERIES_MAX_TERMS = 1 << 12


def _shape(env: Mapping[sympy.Basic, Any]) -> tuple[int, ...]:
    shapes = [np.shape(v) for v in env.values() if isinstance(v, np.ndarray)]
    return tuple(np.broadcast_shapes(*shapes)) if shapes else ()


def _expand(env: Mapping[sympy.Basic, Any]) -> dict[sympy.Basic, Any]:
    """Every array value gets a new last axis, for the outcomes or nodes."""
    return {s: (v[..., None] if isinstance(v, np.ndarray) else v) for s, v in env.items()}


def breakpoints(expr: sympy.Expr, var: sympy.Symbol) -> list[sympy.Expr]:
    """Points where ``expr`` has a kink in ``var``: zeros of linear Abs/Piecewise arguments."""
    found: list[sympy.Expr] = []
    candidates: list[sympy.Expr] = [a.args[0] for a in expr.atoms(sympy.Abs)]
    for pw in expr.atoms(sympy.Piecewise):
        for _, cond in pw.args:
            for rel in cond.atoms(sympy.Rel):
                candidates.append(rel.lhs - rel.rhs)
    for arg in candidates:
        if not arg.has(var):
            continue
        poly = sympy.Poly(arg, var) if arg.is_polynomial(var) else None
        if poly is None or poly.degree() != 1:
            continue
        a, b = poly.all_coeffs()
        point = sympy.simplify(-b / a)
        if point not in found:
            found.append(point)
    return found


def _log_gamma(expr: sympy.Expr) -> sympy.Expr:
    """log Γ(u), log u! and log B(a, b) as loggamma sums: finite where Γ and B overflow."""

    def rewrite(e: sympy.Expr) -> sympy.Expr:
        inner = e.args[0]
        if isinstance(inner, sympy.gamma):
            return sympy.loggamma(inner.args[0])
        if isinstance(inner, sympy.factorial):
            return sympy.loggamma(inner.args[0] + 1)
        a, b = inner.args
        return sympy.loggamma(a) + sympy.loggamma(b) - sympy.loggamma(a + b)

    kinds = (sympy.gamma, sympy.factorial, sympy.beta)
    return expr.replace(
        lambda e: isinstance(e, sympy.log) and isinstance(e.args[0], kinds), rewrite
    )


def _trusted(d: Distribution) -> bool:
    """A built-in family: its density is a product of factors that are >= 0 on its domain."""
    return type(d).__module__.startswith("symkl.families") and hasattr(type(d), "params")


def _log_value(d: Distribution, var: sympy.Symbol) -> sympy.Expr:
    """log d(var): expanded for built-in families (b^a x^(a−1) e^(−bx)/Γ(a) at a = 1e4 overflows
    factor by factor, its logarithm does not), plain log of the value otherwise."""
    value = d.value_at(var)

    def expand(f: sympy.Expr) -> sympy.Expr:
        if isinstance(f, sympy.Piecewise):
            return sympy.Piecewise(*[(expand(e), c) for e, c in f.args])
        if f.is_number:
            return sympy.log(f) if f != 0 else sympy.S.NegativeInfinity
        # Valid because every factor is >= 0 there, with log 0 = −∞ and 0·(−∞) = 0.
        return _log_gamma(sympy.expand_log(sympy.log(f), deep=True, force=True))

    return expand(value) if _trusted(d) else sympy.log(value)


def _split_log(e: sympy.Expr) -> sympy.Expr:
    """log(p^a·q^b·c) → a·log p + b·log q + log c over distribution atoms (values are >= 0)."""
    terms = []
    for factor in sympy.Mul.make_args(e.args[0]):
        base, exponent = factor.as_base_exp()
        if isinstance(base, Distribution) and exponent.is_extended_real:
            terms.append(exponent * sympy.log(base))
        elif factor.is_number and factor.is_positive:
            terms.append(sympy.log(factor))
        else:
            return e
    return sympy.Add(*terms)


def outcome_function(node: OutcomeSum) -> tuple[sympy.Expr, sympy.Expr]:
    """The summand and the distribution's own mass as functions of the outcome variable, with
    logarithms of densities expanded so that no factor overflows on its own."""
    var = node.support.variable
    assert var is not None
    atoms = distributions_in(node.summand)
    summand = node.summand.replace(lambda e: isinstance(e, sympy.log), _split_log)
    logs = {d: _log_value(d, var) for d in {*atoms, node.over}}
    values = {d: sympy.exp(logs[d]) if _trusted(d) else d.value_at(var) for d in logs}
    summand = summand.xreplace({sympy.log(d): logs[d] for d in atoms}).xreplace(values)
    return _log_gamma(sympy.expand_log(summand, deep=True, force=False)), values[node.over]


def _np_quadrature(
    integrand: sympy.Expr, var: sympy.Symbol, lo: Any, hi: Any, cuts: list[Any], env: Any
) -> Any:
    """∫ integrand over (lo, hi) split at ``cuts``, for every sample; nan where unreliable."""
    shape = np.broadcast_shapes(np.shape(lo), np.shape(hi), *(np.shape(c) for c in cuts))
    edges = [np.broadcast_to(np.asarray(lo, dtype=float), shape)]
    if cuts:
        inner = np.sort(np.stack(np.broadcast_arrays(*cuts), axis=-1).astype(float), axis=-1)
        low, high = edges[0], np.broadcast_to(np.asarray(hi, dtype=float), shape)
        for k in range(inner.shape[-1]):
            edges.append(np.clip(inner[..., k], low, high))
    edges.append(np.broadcast_to(np.asarray(hi, dtype=float), shape))
    estimates = []
    for step in (2 * STEP, STEP):
        total: Any = 0.0
        for a, b in itertools.pairwise(edges):
            a_in = -np.inf if np.all(np.isneginf(a)) else a
            b_in = np.inf if np.all(np.isposinf(b)) else b
            x, w = nodes_and_weights(a_in, b_in, step)
            local = _expand(env)
            local[var] = x
            values = np.asarray(evaluate(integrand, local, Backend.NUMPY))
            if np.iscomplexobj(values):
                values = np.where(
                    np.abs(values.imag) <= 1e-12 * np.abs(values), values.real, np.nan
                )
            total = total + integrate_samples(values.astype(float), w)
        estimates.append(total)
    coarse, fine = estimates
    with np.errstate(invalid="ignore"):
        spread = np.abs(fine - coarse) / (1 + np.abs(fine))
    agree = (spread <= QUADRATURE_AGREEMENT) | (np.isinf(fine) & (fine == coarse))
    return np.where(agree, fine, np.nan)


def _continuous(node: OutcomeSum, walk: Callable[[sympy.Basic], Any], env: Any) -> Any:
    support = node.support
    var = support.variable
    assert var is not None
    assert support.lower is not None
    assert support.upper is not None
    integrand, pdf = outcome_function(node)
    lo, hi = walk(support.lower), walk(support.upper)
    cuts = [walk(c) for c in breakpoints(integrand, var)]
    value = _np_quadrature(integrand, var, lo, hi, cuts, env)
    # The nodes must see the mass of the distribution integrated against: a narrow density far
    # from every node would otherwise integrate to 0 at both step sizes and look reliable.
    mass = _np_quadrature(pdf, var, lo, hi, cuts, env)
    return np.where(np.abs(mass - 1) <= 1e-8, value, np.nan)


def _explicit(node: OutcomeSum, walk: Callable[[sympy.Basic], Any], env: Any, backend: Any) -> Any:
    size = node.support.size
    assert size is not None
    atoms = distributions_in(node.summand)
    index = IndexedDiscrete.index
    if backend is Backend.MPMATH:
        terms = []
        for k in range(1, size + 1):
            local = dict(env)
            local.update({d: walk(d.value_at(k)) for d in atoms})
            local[index] = mpmath.mpf(k)
            terms.append(evaluate(node.summand, local, backend))
        return mpmath.fsum(terms)
    # Outcomes along a new last axis; every other value broadcasts against it.
    local = _expand(env)
    for d in atoms:
        columns = [np.asarray(walk(d.value_at(k))) for k in range(1, size + 1)]
        local[d] = np.stack(np.broadcast_arrays(*columns), axis=-1)
    local[index] = np.arange(1.0, size + 1)
    values = np.asarray(evaluate(node.summand, local, backend))
    return np.sum(np.broadcast_to(values, (*_shape(env), size)), axis=-1)


def measure(node: Measure, walk: Callable[[sympy.Basic], Any], env: Any, backend: Any) -> Any:
    """A measure evaluated outcome by outcome: vectorised over the outcomes for explicit n."""
    if not isinstance(node, OutcomeSum):
        return walk(node.definition())
    support = node.support
    if support.size is not None:
        return _explicit(node, walk, env, backend)
    if hasattr(support.variable, "components"):  # a vector outcome (MultivariateNormal)
        return gauss_hermite_measure(node, walk, env, backend)
    if support.kind is Kind.CONTINUOUS and backend is Backend.NUMPY:
        return _continuous(node, walk, env)
    var, lo, hi = support.variable, support.lower, support.upper
    if var is None or lo is None or hi is None or isinstance(node.over, IndexedDiscrete):
        return walk(node.unfold())
    term, pmf = outcome_function(node)
    symbols = term.free_symbols | pmf.free_symbols | lo.free_symbols | hi.free_symbols
    bound = {s: walk(s) for s in symbols - {var}}
    if support.kind is Kind.DISCRETE:
        value = series(sympy.Sum(term, (var, lo, hi)), bound, backend)
        mass = series(sympy.Sum(pmf, (var, lo, hi)), bound, backend)
    else:
        value = integral(sympy.Integral(term, (var, lo, hi)), bound, backend)
        mass = integral(sympy.Integral(pmf, (var, lo, hi)), bound, backend)
    # The distribution's own mass must come out as 1: a sum or quadrature that missed it (an
    # overflow, a narrow peak between nodes) is unusable rather than a number.
    if backend is Backend.MPMATH:
        good = abs(mass - 1) <= mpmath.mpf(10) ** (-(2 * mpmath.mp.dps) // 3)
        return value if good else mpmath.nan
    return np.where(np.abs(mass - 1) <= 1e-9, value, np.nan)


def series(node: sympy.Sum, env: Mapping[sympy.Basic, Any], backend: Backend) -> Any:
    """A Sum with numeric bounds: explicit when finite, else summed until the tail vanishes."""
    (k, lo, hi), *rest = node.limits
    if rest or not (lo.is_number and hi.is_number):
        raise NotImplementedError(f"cannot evaluate {node} numerically")
    term = node.function
    start = int(lo)
    if hi.is_finite and lo.is_finite:
        count = int(hi) - start + 1
        if count > SERIES_MAX_TERMS:
            raise NotImplementedError(f"too many terms in {node}")
        if count <= 0:
            return 0.0 if backend is Backend.NUMPY else mpmath.mpf(0)
        return _block_sum(term, k, start, count, env, backend)
    total: Any = 0
    previous: Any = None
    done = 0
    limit = MP_SERIES_MAX_TERMS if backend is Backend.MPMATH else SERIES_MAX_TERMS
    while done < limit:
        block = _block_sum(term, k, start + done, SERIES_BLOCK, env, backend, last=True)
        value, tail = block
        total = total + value
        done += SERIES_BLOCK
        if previous is not None:
            if backend is Backend.MPMATH:
                small = abs(tail) <= mpmath.mpf(10) ** (-mpmath.mp.dps) * (1 + abs(total))
                if small and abs(value) <= abs(previous) + mpmath.mpf(10) ** (-mpmath.mp.dps):
                    return total
            else:
                with np.errstate(invalid="ignore"):
                    settled = (np.abs(tail) <= 1e-17 * (1 + np.abs(total))) & (
                        np.abs(value) <= np.abs(previous) + 1e-300
                    )
                # Terms that underflow to 0 before the mass (Poisson with a large rate) must not
                # end the sum: a zero total needs several empty blocks.
                settled &= (total != 0) | (done >= 8 * SERIES_BLOCK)
                if np.all(settled | np.isnan(total)):
                    return total
        previous = value
    if backend is Backend.MPMATH:
        return mpmath.nan
    return np.where(np.abs(value) <= 1e-17 * (1 + np.abs(total)), total, np.nan)


def _block_sum(
    term: sympy.Expr,
    k: sympy.Symbol,
    start: int,
    count: int,
    env: Mapping[sympy.Basic, Any],
    backend: Backend,
    last: bool = False,
) -> Any:
    """Σ term over k = start..start+count−1; with ``last``, also the block's final term."""
    if backend is Backend.MPMATH:
        params = sorted(term.free_symbols - {k}, key=str)
        f = sympy.lambdify([k, *params], term, modules="mpmath")
        args = [env[p] for p in params]
        terms = []
        for j in range(start, start + count):
            value = f(mpmath.mpf(j), *args)
            if mpmath.isnan(value):  # 0·log 0 and friends: the conventions decide
                value = evaluate(term, {**env, k: mpmath.mpf(j)}, Backend.MPMATH)
            terms.append(0 if value == 0 else value)
        total = mpmath.fsum(terms)
        return (total, terms[-1]) if last else total
    local = _expand(env)
    local[k] = np.arange(start, start + count, dtype=float)
    values = np.broadcast_to(
        np.asarray(evaluate(term, local, Backend.NUMPY)), (*_shape(env), count)
    )
    sums = np.sum(values, axis=-1)
    return (sums, values[..., -1]) if last else sums


def integral(node: sympy.Integral, env: Mapping[sympy.Basic, Any], backend: Backend) -> Any:
    """A single Integral: fixed-node quadrature over samples, or mpmath.quad split at kinks."""
    (var, lo, hi), *rest = node.limits
    if rest:
        raise NotImplementedError("only single integrals are evaluated numerically")
    cuts = breakpoints(node.function, var)
    if backend is Backend.NUMPY:
        bounds = [evaluate(b, env, backend) for b in (lo, hi, *cuts)]
        return _np_quadrature(node.function, var, bounds[0], bounds[1], bounds[2:], env)
    params = sorted(node.function.free_symbols - {var}, key=str)
    integrand = sympy.lambdify([var, *params], node.function, modules="mpmath")
    args = [env[p] for p in params]
    a, b = (evaluate(v, env, backend) for v in (lo, hi))
    inner = sorted(
        c for c in (evaluate(v, env, backend) for v in cuts) if mpmath.im(c) == 0 and a < c < b
    )

    def f(x: Any) -> Any:
        y = integrand(x, *args)
        return 0 if y == 0 else y

    # An estimate short of the working precision (an endpoint singularity such as Beta's
    # x^(a-1) with a < 1) must not confirm a counterexample, and mpmath's own error estimate
    # can be optimistic there: a second estimate on a refined split must agree, else nan.
    points = [a, *inner, b]
    value = mpmath.quad(f, points)
    refined = [points[0]]
    for left, right in itertools.pairwise(points):
        if mpmath.isinf(left) and mpmath.isinf(right):
            refined.append(0)
        elif mpmath.isinf(right):
            refined.append(left + 1)
        elif mpmath.isinf(left):
            refined.append(right - 1)
        else:
            refined.append((left + right) / 2)
        refined.append(right)
    check = mpmath.quad(f, refined)
    if abs(value - check) > mpmath.mpf(10) ** (-(2 * mpmath.mp.dps) // 3) * (1 + abs(value)):
        return mpmath.nan
    return value


RULES.update(measure=measure, series=series, integral=integral)
