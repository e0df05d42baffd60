"""Where a quadrature splits an integral: kinks of the integrand and the centres of its peaks.

Double-exponential nodes crowd at the ends of each piece, so a cut at a narrow peak resolves it;
a peak between nodes is missed by every step size alike, and the estimates agree on a wrong
value (two bumps e^(−cosh(100(x − 30))) + e^(−cosh(100(x + 200))) integrated to one bump's mass).
Any cut is sound: it only splits the integral. The quadratures decide per sample whether the
peak at a centre is narrow enough to need one::

    >>> x = sympy.Symbol("x", real=True)
    >>> sorted(centres(sympy.exp(-sympy.cosh(100 * (x - 30))) + sympy.exp(-(x + 200) ** 2), x))
    [-200, 30]
"""

from __future__ import annotations

import functools
from typing import Any

import mpmath
import numpy as np
import sympy

__all__ = [
    "MAX_CENTRES",
    "POLE_ALPHA",
    "PolynomialRoot",
    "breakpoints",
    "centres",
    "kinks",
    "poles",
]

#: Peak centres cut at most per integrand (each cut adds a piece to every quadrature).
MAX_CENTRES = 8


def _root_of_linear(arg: sympy.Expr, var: sympy.Symbol) -> sympy.Expr | None:
    poly = sympy.Poly(arg, var) if arg.is_polynomial(var) else None
    if poly is None or poly.degree() != 1:
        return None
    a, b = poly.all_coeffs()
    return sympy.simplify(-b / a)


def breakpoints(expr: sympy.Expr, var: sympy.Symbol) -> list[sympy.Expr]:
    """Points where ``expr`` has a kink or a pole in ``var``: zeros of linear Abs/Piecewise
    arguments, and the real poles :func:`poles` finds. A pole must end a piece: inside one it
    lies between the nodes, and E_N(μ, 1)[1/(X − 1)²], which is infinite, came out 0.013 at
    μ = 10 at both step sizes (a false bound ≤ 1 CHECKED); at a piece's end the end check reads
    it::

        >>> x, m = sympy.symbols("x m", real=True)
        >>> breakpoints(sympy.exp(-x**2) / (x**2 - m**2) + 1 / sympy.log(x + 2), x)
        [m, -m, -1]
    """
    found = kinks(expr, var)
    return found + [p for p in poles(expr, var) if p not in found]


def kinks(expr: sympy.Expr, var: sympy.Symbol) -> list[sympy.Expr]:
    """The zeros of linear Abs and Piecewise arguments in ``var``, each once, in a fixed order."""
    found: list[sympy.Expr] = []
    candidates: list[sympy.Expr] = [a.args[0] for a in expr.atoms(sympy.Abs)]
    for pw in expr.atoms(sympy.Piecewise):
        for _, cond in pw.args:
            for rel in cond.atoms(sympy.Rel):
                candidates.append(rel.lhs - rel.rhs)
    for arg in candidates:
        if not arg.has(var):
            continue
        point = _root_of_linear(arg, var)
        if point is not None and point not in found:
            found.append(point)
    return found


#: The highest degree of a denominator factored for its poles (factoring is costly beyond).
MAX_POLE_DEGREE = 4
#: α of |f| ~ δ^(α − 1) beside a pole at or below which its integral is read as divergent, in
#: both precisions: 1/δ reads 0, 1/(δ|log δ|) about 0.05; an integrable δ^(−0.9) reads 0.1.
POLE_ALPHA = 0.06


def poles(expr: sympy.Expr, var: sympy.Symbol) -> list[sympy.Expr]:
    """Real places where a base under a power that may be negative vanishes, in a fixed order:
    a product's factors' one by one; the roots of a polynomial's factors of degree 1, of
    degree 2 unless the discriminant is always negative, and of higher degree (or of the whole
    polynomial past MAX_POLE_DEGREE) as :class:`PolynomialRoot` found per sample (a root
    complex at some samples, ±√m of x² − m at m < 0, is dropped there by
    :func:`._np_ends.real_places` and the 50-digit quadrature alike); and where c₀ + k·log(u)
    or c₀ + k·e^u vanishes for a linear u (the second where −c₀/k is positive).
    A complex root is no place (1/(x − i·m)): its cut raised a ComplexWarning. Nor is a
    quadratic's vertex: a cut at the centre C = 10⁶⁰ of 1/(1 + ((x − C)/C)²), far from the mass
    of e^(−x²) beside it, made a piece too long for its nodes to see that mass at 50 digits."""
    found: list[sympy.Expr] = []
    for power in sorted(expr.atoms(sympy.Pow), key=sympy.default_sort_key):
        base = power.base
        if power.exp.is_nonnegative or not base.has(var):
            continue
        for point in _zeros(base, var):
            real = _real_point(point)
            if real is not None and real not in found:
                found.append(real)
    return found


def _zeros(base: sympy.Expr, var: sympy.Symbol) -> list[sympy.Expr]:
    """The candidate zeros of ``base`` (see :func:`poles`), real or not; of |u|, those of u."""
    if isinstance(base, sympy.Abs):
        return _zeros(base.args[0], var)
    if isinstance(base, sympy.Mul):  # ∏(x − k) as written: each factor's, exactly
        return [z for a in base.args if a.has(var) for z in _zeros(a, var)]
    if isinstance(base, sympy.Pow) and base.exp.is_positive:
        return _zeros(base.base, var)
    if base.is_polynomial(var):
        if sympy.degree(base, var) > MAX_POLE_DEGREE:
            return _roots_per_sample(base, var)
        zeros: list[sympy.Expr] = []
        for factor, _ in sympy.factor_list(base, var)[1]:
            coeffs = sympy.Poly(factor, var).all_coeffs()
            if len(coeffs) > 3:  # x³ − m·x − 1: no factor SymPy can solve in closed form
                if factor.free_symbols == {var} and _no_real_root(factor, var):
                    continue  # x⁴ + 1
                zeros += _roots_per_sample(factor, var)
            elif (line := _linear(factor, var)) is not None:
                zeros.append(-line[1] / line[0])
            elif len(coeffs) == 3 and not (coeffs[1] ** 2 - 4 * coeffs[0] * coeffs[2]).is_negative:
                # real for some parameters only (x² − m): a sample where it is complex drops it
                a, b, c = coeffs
                root = sympy.sqrt(b**2 - 4 * a * c)
                zeros += [(-b - root) / (2 * a), (-b + root) / (2 * a)]
                if b != 0:  # the small root without cancellation: 10⁻⁶⁰ of y² − 10⁶⁰·y + 1
                    zeros += [2 * c / (-b - root), 2 * c / (-b + root)]
        return zeros
    constant, rest = base.as_independent(var, as_Add=True)
    coeff, inner = rest.as_independent(var, as_Mul=True)
    if not isinstance(inner, (sympy.log, sympy.exp)):
        return []
    argument, signs = inner.args[0], [1]
    if isinstance(argument, sympy.Abs):  # log|u| = t at u = ±eᵗ
        argument, signs = argument.args[0], [-1, 1]
    line = _linear(argument, var)
    if line is None:
        return []
    # log u = −c₀/k at u = e^(−c₀/k); e^u = −c₀/k at u = log(−c₀/k), where that is positive
    if isinstance(inner, sympy.log):
        target = sympy.exp(-constant / coeff)
    elif (-constant / coeff).is_positive and signs == [1]:
        target = sympy.log(-constant / coeff)
    else:
        return []
    slope, offset = line
    return [(sign * target - offset) / slope for sign in signs]


#: The highest degree of a polynomial whose roots are found per sample (numerically).
MAX_ROOTS_DEGREE = 12


def _no_real_root(poly: sympy.Expr, var: sympy.Symbol) -> bool:
    """Whether a polynomial without parameters has no real root, by Sturm's count (exact);
    False where SymPy cannot count."""
    try:
        return bool(sympy.Poly(poly, var).count_roots() == 0)
    except (sympy.PolynomialError, NotImplementedError):
        return False


def _roots_per_sample(poly: sympy.Expr, var: sympy.Symbol) -> list[sympy.Expr]:
    """The roots of a polynomial, one :class:`PolynomialRoot` each, found per sample (a complex
    one is dropped there); none past :data:`MAX_ROOTS_DEGREE`. Numerically even without
    parameters: SymPy's exact isolation and 60-digit evaluation of the real roots of
    x¹² − 10⁶⁰·x − 1 ran for minutes."""
    if sympy.degree(poly, var) > MAX_ROOTS_DEGREE:
        return []
    # each root once: a double root of (x³ − x − 1)² expanded came back from the eigenvalues
    # as a complex pair 10⁻⁸ off the axis, and was no cut
    coeffs = sympy.Poly(sympy.sqf_part(poly, var), var).all_coeffs()
    return [PolynomialRoot(k, *coeffs) for k in range(len(coeffs) - 1)]


def _polynomial_root(k: Any, *coeffs: Any) -> Any:
    """The ``k``-th root, in the order (real part, imaginary part), of Σ coeffs[j]·x^(d − j):
    per sample in doubles (the eigenvalues of the companion matrices), at the working precision
    with mpmath (nan where its iteration does not settle or the leading coefficient is 0)."""
    index = int(k)
    if any(isinstance(c, (mpmath.mpf, mpmath.mpc)) for c in coeffs):
        ordered = _mp_roots(tuple(coeffs), mpmath.mp.prec)
        return ordered[index] if index < len(ordered) else mpmath.mpf("nan")
    arrays = np.broadcast_arrays(*(np.asarray(c, dtype=complex) for c in coeffs))
    stacked = np.stack(arrays, axis=-1).reshape(-1, len(coeffs))
    out = np.full(stacked.shape[0], np.nan, dtype=complex)
    finite = np.all(np.isfinite(stacked), axis=-1)
    usable = finite & (stacked[:, 0] != 0)
    for row in np.flatnonzero(finite & ~usable):  # a lower degree at this sample
        roots = np.roots(stacked[row])
        roots = roots[np.lexsort((roots.imag, roots.real))]
        out[row] = roots[index] if index < len(roots) else np.nan
    if np.any(usable):
        monic = stacked[usable, 1:] / stacked[usable, :1]
        degree = monic.shape[1]
        companion = np.zeros((monic.shape[0], degree, degree), dtype=complex)
        companion[:, 0, :] = -monic
        companion[:, np.arange(1, degree), np.arange(degree - 1)] = 1
        roots = np.linalg.eigvals(companion)
        order = np.lexsort((roots.imag, roots.real), axis=-1)
        out[usable] = np.take_along_axis(roots, order, axis=-1)[:, index]
    return out.reshape(arrays[0].shape)


@functools.lru_cache(maxsize=256)
def _mp_roots(coeffs: tuple[Any, ...], prec: int) -> list[Any]:
    """All roots of the polynomial at the working precision ``prec``, ordered as
    :func:`_polynomial_root` orders them: one solve serves each k (at degree 12 a solve took
    over a second)."""
    while len(coeffs) > 1 and coeffs[0] == 0:  # m·x³ + x + 1 at m = 0: the lower degree
        coeffs = coeffs[1:]
    try:
        roots = mpmath.polyroots(coeffs, maxsteps=200, extraprec=2 * prec)
    except (mpmath.libmp.NoConvergence, ZeroDivisionError, ValueError):
        # a root the iteration does not settle (a cluster): its double value is still a cut
        # beside the pole, and a cut anywhere is sound
        doubles = [
            complex(_polynomial_root(k, *map(complex, coeffs))) for k in range(len(coeffs) - 1)
        ]
        roots = [
            mpmath.mpc(r) if abs(r.imag) > 1e-9 * (1 + abs(r.real)) else mpmath.mpf(r.real)
            for r in doubles
        ]
    return sorted(roots, key=lambda r: (mpmath.re(r), mpmath.im(r)))


class PolynomialRoot(sympy.Function):
    """PolynomialRoot(k, c_d, …, c_0): the k-th root, ordered by real then imaginary part, of
    c_d·x^d + … + c_0, evaluated per sample; complex where the root is (a cut drops it there)."""

    _imp_ = staticmethod(_polynomial_root)


def _centre(sub: sympy.Expr, parent: sympy.Basic | None, var: sympy.Symbol) -> sympy.Expr | None:
    """Where the polynomial ``sub`` (in ``var``) makes a peak: the vertex of a quadratic, the
    zero of a linear under cosh or sech or raised to an even power; else None (a linear
    exponent is monotone: e^(−(x − μ₂)/σ₂) has no peak, and a cut there stopped the far-peak
    scan from cutting at the real one)."""
    if isinstance(sub, sympy.Mul):  # −(x − 5)⁴/2: the factor that varies
        sub = sub.as_independent(var, as_Add=False)[1]
    base = sub.base if isinstance(sub, sympy.Pow) else sub
    even = isinstance(sub, sympy.Pow) and sub.exp.is_even and sub.exp.is_positive
    try:
        poly = sympy.Poly(base if even else sub, var)
    except sympy.PolynomialError:
        return None
    coeffs = poly.all_coeffs()
    if poly.degree() == 1 and (even or isinstance(parent, (sympy.cosh, sympy.sech))):
        a, b = coeffs
        point = -b / a
    elif poly.degree() == 2 and not even:
        a, b, _ = coeffs
        point = -b / (2 * a)
    else:
        return None
    return _real_point(sympy.cancel(point))


def _real_point(point: sympy.Expr) -> sympy.Expr | None:
    """``point``, unless it cannot be a real place: a complex or infinite coefficient is none."""
    if point.has(sympy.I, sympy.oo, -sympy.oo, sympy.zoo, sympy.nan) or point.is_real is False:
        return None
    return point


def _linear(expr: sympy.Expr, var: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(c, d) with expr = c·var + d, c ≠ 0; else None."""
    if not expr.is_polynomial(var):
        return None
    poly = sympy.Poly(expr, var)
    if poly.degree() != 1:
        return None
    c, d = poly.all_coeffs()
    return c, d


def _stationary(exponent: sympy.Expr, var: sympy.Symbol) -> sympy.Expr | None:
    """Where an exponent a·x + b·e^(cx + d), or b₁e^(c₁x + d₁) + b₂e^(c₂x + d₂) with c₁c₂ < 0
    (plus constants), is stationary: the mode of a Gumbel density written out, e^(−z − e^(−z)),
    and of e^(−e^(x − M) − e^(M − x)) = e^(−2cosh(x − M)), whose linear exponents alone say
    nothing (a unit bump at M = 6.4·10⁵ lay between the nodes of both splits, and a true bound
    was refuted)."""
    slope: sympy.Expr = sympy.S.Zero
    exps: list[tuple[sympy.Expr, sympy.Expr, sympy.Expr]] = []
    for term in sympy.Add.make_args(sympy.expand(exponent)):
        if not term.has(var):
            continue
        coeff, rest = term.as_independent(var, as_Add=False)
        if rest == var:
            slope += coeff
        elif isinstance(rest, sympy.exp) and (line := _linear(rest.args[0], var)) is not None:
            exps.append((coeff, *line))
        else:
            return None
    if len(exps) == 1 and slope != 0:
        (b, c, d), a = exps[0], slope
        point = (sympy.log(-a / (b * c)) - d) / c
    elif len(exps) == 2 and slope == 0:
        (b1, c1, d1), (b2, c2, d2) = exps
        if (c1 * c2).is_negative is not True:
            return None
        point = (sympy.log(-(b2 * c2) / (b1 * c1)) + d2 - d1) / (c1 - c2)
    else:
        return None
    return _real_point(sympy.simplify(point))


def centres(expr: sympy.Expr, var: sympy.Symbol) -> list[sympy.Expr]:
    """Where a factor of ``expr`` may peak sharply in ``var``, inside an exponent or the base of a
    negative power: the vertex of a quadratic (e^(−(x − μ)²/2σ²), a Cauchy's 1/(1 + ((x −
    μ)/γ)²)), the zero of a linear under cosh or sech (e^(−cosh(c(x − μ))), and sech(x − μ)
    itself) or raised to an even power (e^(−(x − μ)⁴)); at most :data:`MAX_CENTRES` of them, in a
    fixed order."""
    found: list[sympy.Expr] = []
    contexts: list[sympy.Expr] = [e.args[0] for e in expr.atoms(sympy.exp)]
    contexts += [p.base for p in expr.atoms(sympy.Pow) if p.exp.is_negative and p.base.has(var)]
    # a logarithm's dip: log(1 + ((x − μ)/γ)²) of a narrow Cauchy, uncut, was missed by the
    # nodes at every step size (KL between Cauchys off by 5e-5)
    contexts += [g.args[0] for g in expr.atoms(sympy.log) if g.args[0].has(var)]
    # a bare sech (a peak) or cosh (a valley) of a linear argument: sech(x − D) far from every
    # other cut lay between the nodes of a long piece, and a third of the mass was missed alike
    contexts += [h for h in expr.atoms(sympy.sech, sympy.cosh) if h.has(var)]
    # atoms() is a set: a fixed order keeps the same cuts (under the cap) from run to run
    pending: list[tuple[sympy.Basic, sympy.Basic | None]] = [
        (c, None) for c in sorted(contexts, key=sympy.default_sort_key)
    ]
    while pending and len(found) < MAX_CENTRES:
        sub, parent = pending.pop(0)
        if not isinstance(sub, sympy.Expr) or not sub.has(var):
            continue
        if isinstance(parent, sympy.exp) or parent is None:
            point = _stationary(sub, var)
            if point is not None and point not in found:
                found.append(point)
        if sub != var and sub.is_polynomial(var):
            # a polynomial as a whole (100x − 3000 is centred at 30; its term 100x at 0 is not)
            point = _centre(sub, parent, var)
            if point is not None and point not in found:
                found.append(point)
            continue
        pending[:0] = [(arg, sub) for arg in sub.args]
    return found
