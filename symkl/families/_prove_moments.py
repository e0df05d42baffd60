"""Expectations E_F[φ] re-derived for the ``family-moments`` proofs, never read from the tables.

Each family class names its route (:attr:`~._base.Family.moment_route`):

* ``integral``: SymPy integrates f·φ over the support (|x − m| split at m);
* ``laplace``: x = μ + t, the density split at t = 0 and |t − δ| at δ, by cases on δ;
* ``normaliser``: an exponential family's E[log x] = ∂_a log Z, E[x^j] = Z(a + j, b)/Z, with
  Z integrated by SymPy; E|x − m| split at m, by the incomplete beta function (``_beta_abs``);
* ``natural``: a ContinuousBernoulli's E[x^j] by cases on λ = ½ (:mod:`._prove_cb`);
* ``series``: the pmf summed against φ (E[log k!] kept as its series);
* ``substitution``: X = g(Y) for a simpler Y (LogNormal = e^Normal, Weibull = λ·Exp(1)^{1/k}),
  and E[φ(X)] = E[φ(g(Y))] integrated against Y's density.

A heavy-tailed density K·(1 + ((x − m)/c)²)^{−s} (Cauchy, HalfCauchy, Student's t), read off its
verified log-density, has E[log(1 + ((x − m)/c)²)] = −∂_s log Z(s) with Z(s) = ∫ (1 + u²)^{−s} du
integrated by SymPy (over the real line, or over u ≥ 0 for a half-line family). Under the Cauchy
kernel (s = 1), the same mean for another centre or scale is derived through its derivative in
the scale, a rational integral summed by residues (:func:`_cauchy_log_quadratic`).

>>> from sympy import Symbol
>>> from symkl.families import Normal
>>> from symkl.families._moments import Phi, PhiKind
>>> from symkl.families._prove_moments import derived_moment
>>> m, s = Symbol("m", real=True), Symbol("s", positive=True)
>>> derived_moment(Normal(m, s), Phi(PhiKind.X2))
(m**2 + s**2, 'integral')
"""

from __future__ import annotations

import functools

import sympy

from ._base import COUNT, Domain, Family
from ._beta_abs import beta_absolute_moment
from ._discrete import log_factorial_mean
from ._moments import Phi, PhiKind
from ._prove_binomial import symbolic_end_moment
from ._prove_cb import natural_moment
from ._prove_uniform import flat_log_mean

__all__ = ["beta_normaliser", "canonical", "derived_moment", "odds"]


# --- generic instances: each parameter a dummy carrying its domain ----------------------------


def canonical(family: type[Family]) -> tuple[Family, list[sympy.Dummy]]:
    dummies = []
    for spec in family.params:
        if spec.count:
            dummies.append(sympy.Dummy(spec.name, integer=True, nonnegative=True))
        elif spec.domain is Domain.REAL:
            dummies.append(sympy.Dummy(spec.name, real=True))
        else:
            dummies.append(sympy.Dummy(spec.name, positive=True))
    return family(*dummies), dummies


def odds(p: sympy.Expr) -> tuple[sympy.Expr, sympy.Dummy]:
    u = sympy.Dummy("u", positive=True)
    return u / (1 + u), u


#: the means of log k! and of the binomial coefficients: no closed form, kept as their sums
_KEPT_AS_SERIES = (PhiKind.LOGFACT, PhiKind.LOGCHOOSE, PhiKind.LOGMULTICHOOSE)


@functools.cache
def _generic_moment(
    family: type[Family], kind: PhiKind
) -> tuple[sympy.Expr, tuple[sympy.Dummy, ...], tuple[sympy.Dummy, sympy.Dummy], str] | None:
    """E[φ] for a generic member (parameters = dummies), shift m of |x − m| a dummy too."""
    instance, dummies = canonical(family)
    back: dict[sympy.Basic, sympy.Expr] = {}
    if family.increasing is not None:  # low < high, a domain fact: high = low + width, width > 0
        below, above = family.increasing
        width = sympy.Dummy("width", positive=True)
        args = list(instance.args)
        args[above] = args[below] + width
        instance = family(*args)
        back = {width: dummies[above] - dummies[below]}
    # the exponent j of (x/c)^j is a positive parameter (Weibull's k); a shift m may be any real
    shift = sympy.Dummy("m", positive=True) if kind is PhiKind.POW else sympy.Dummy("m", real=True)
    scale = sympy.Dummy("c", positive=True)
    phi = Phi(kind, shift, scale)
    derived = _derive_moment(instance, phi)
    if derived is None:
        return None
    value, method = derived
    value = value.xreplace(back)
    if value.has(sympy.Integral, sympy.Sum) and kind not in _KEPT_AS_SERIES:
        return None
    laplace = instance.moment_route == "laplace"
    if value.has(sympy.Piecewise) and not (
        laplace or kind is PhiKind.ABS or _flat_log(instance, phi)
    ):
        return None
    return value, tuple(dummies), (shift, scale), method


def _derive_moment(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    route = d.moment_route
    if route == "series":
        return _series_moment(d, phi)
    if d.moment_group is None:
        return None
    if route == "laplace":
        return _laplace_moment(d, phi)
    if route == "normaliser" and phi.kind is PhiKind.ABS:  # split at m: incomplete beta
        value = beta_absolute_moment(d, phi, beta_normaliser())
        return None if value is None else (value, "incomplete-beta")
    if route == "normaliser":
        return _beta_moment(d, phi)
    if route == "substitution":
        return _substituted_moment(d, phi)
    if phi.kind is PhiKind.LOGFACT:
        return None
    if _flat_log(d, phi):  # endpoints at 0 or 1 by the antiderivative's limit there
        value = flat_log_mean(*d.bounds(), reflected=phi.kind is PhiKind.LOG1M)
        return None if value is None else (value, "antiderivative")
    x = d.variable
    lo, hi = d.bounds()
    f = d.density(x)
    if phi.kind is PhiKind.ABS:
        m = phi.shift
        if lo is sympy.S.NegativeInfinity and hi is sympy.S.Infinity:
            value = sympy.integrate(f * (m - x), (x, lo, m))
            value += sympy.integrate(f * (x - m), (x, m, hi))
        elif lo == 0 and hi is sympy.oo:
            # On (0, ∞): |x − m| = x − m when m ≤ 0; for m = δ > 0 split the integral at δ.
            delta = sympy.Dummy("delta", positive=True)
            inside = sympy.integrate(f * (delta - x), (x, 0, delta))
            inside += sympy.integrate(f * (x - delta), (x, delta, hi))
            below = sympy.integrate(f * (x - m), (x, 0, hi))
            inside = sympy.simplify(inside).xreplace({delta: m})
            return sympy.Piecewise((sympy.simplify(below), m <= 0), (inside, True)), "integral"
        else:
            return None
    else:
        value = sympy.integrate(f * phi.at(x), (x, lo, hi))
    return sympy.simplify(value), "integral"


def _flat_log(d: Family, phi: Phi) -> bool:
    """log x or log(1 − x) under a density constant on [low, high] (Uniform's)."""
    flat = d.increasing is not None and not d.density(d.variable).has(d.variable)
    return flat and phi.kind in (PhiKind.LOG, PhiKind.LOG1M)


def _laplace_moment(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    # x = μ + t; the density e^{−|t|/b}/(2b) is split at t = 0, and |t − δ| at δ, by cases on δ.
    mu, b = d.args
    t = sympy.Dummy("t", real=True)
    left, right = sympy.exp(t / b) / (2 * b), sympy.exp(-t / b) / (2 * b)
    inf = sympy.oo
    if phi.kind is PhiKind.ABS:
        # |t − δ| for δ > 0, δ < 0 and δ = 0 separately, so each integral has a fixed sign.
        delta = sympy.Dummy("delta", positive=True)

        def pieces(dd: sympy.Expr) -> list[tuple[sympy.Expr, sympy.Expr, sympy.Expr, sympy.Expr]]:
            if dd == 0:
                return [(left, -inf, 0, -t), (right, 0, inf, t)]
            if dd == delta:
                return [(left, -inf, 0, dd - t), (right, 0, dd, dd - t), (right, dd, inf, t - dd)]
            return [(left, -inf, dd, dd - t), (left, dd, 0, t - dd), (right, 0, inf, t - dd)]

        def integral(dd: sympy.Expr) -> sympy.Expr:
            total = sympy.Add(*(sympy.integrate(w * g, (t, a, c)) for w, a, c, g in pieces(dd)))
            return sympy.simplify(total)

        shift = phi.shift - mu
        pos = integral(delta).xreplace({delta: shift})
        neg = integral(-delta).xreplace({delta: -shift})
        zero = integral(sympy.S.Zero)
        cases = ((pos, shift > 0), (neg, shift < 0), (zero, True))
        return sympy.Piecewise(*cases), "integral"
    if phi.kind in (
        PhiKind.LOG,
        PhiKind.LOG1M,
        PhiKind.LOGFACT,
        PhiKind.LOG2,
        PhiKind.EXPNEG,
        PhiKind.POW,
    ):
        return None
    g = phi.at(mu + t)
    value = sympy.integrate(left * g, (t, -inf, 0)) + sympy.integrate(right * g, (t, 0, inf))
    return sympy.simplify(value), "integral"


@functools.cache
def beta_normaliser() -> tuple[sympy.Expr, sympy.Dummy, sympy.Dummy]:
    """Z(a, b) = ∫_0^1 x^{a−1}(1 − x)^{b−1} dx, integrated by SymPy for positive a, b."""
    a, b = sympy.Dummy("a", positive=True), sympy.Dummy("b", positive=True)
    x = sympy.Dummy("x", positive=True)
    # meijerg=True: the Meijer-G route alone, 5–10× faster than trying heurisch first
    z = sympy.integrate(x ** (a - 1) * (1 - x) ** (b - 1), (x, 0, 1), meijerg=True)
    return sympy.simplify(z), a, b


def _beta_moment(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    # Exponential family: E[log x] = ∂_a log Z, E[log(1 − x)] = ∂_b log Z, E[x^j] = Z(a+j, b)/Z.
    z, a, b = beta_normaliser()
    if z.has(sympy.Integral, sympy.Piecewise):
        return None
    a1, b1 = d.args
    norm = sympy.beta(a1, b1)
    at = {a: a1, b: b1}
    if phi.kind is PhiKind.ONE:
        return sympy.simplify(z.xreplace(at) / norm.rewrite(sympy.gamma)), "integral"
    if phi.kind in (PhiKind.X, PhiKind.X2):
        j = 1 if phi.kind is PhiKind.X else 2
        shifted = z.xreplace({a: a1 + j, b: b1})
        return sympy.simplify(sympy.gammasimp(shifted / z.xreplace(at))), "integral"
    if phi.kind is PhiKind.LOG:
        return sympy.diff(sympy.log(z), a).xreplace(at), "moments"
    if phi.kind is PhiKind.LOG1M:
        return sympy.diff(sympy.log(z), b).xreplace(at), "moments"
    return None


def _series_moment(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    k = COUNT
    if phi.kind in (
        PhiKind.LOG,
        PhiKind.LOG1M,
        PhiKind.ABS,
        PhiKind.LOG2,
        PhiKind.EXPNEG,
        PhiKind.POW,
    ):
        return None
    lo, hi = d.bounds()
    if lo.is_Integer and hi.is_Integer:  # a finite support: the sum term by term
        points = range(int(lo), int(hi) + 1)
        total = sum(d.density(sympy.Integer(j)) * phi.at(sympy.Integer(j)) for j in points)
        return sympy.expand(total), "series"
    if hi is not sympy.S.Infinity:  # a symbolic last outcome (Binomial's n)
        return symbolic_end_moment(d, phi)
    if phi.kind is PhiKind.LOGFACT:
        return log_factorial_mean(d.density(k)), "series"
    if phi.kind in _KEPT_AS_SERIES:
        return sympy.Sum(d.density(k) * phi.at(k), (k, 0, sympy.oo)), "series"
    probs = [
        (s, spec) for s, spec in zip(d.args, d.params, strict=True) if spec.domain is Domain.UNIT
    ]
    density = d.density(k)
    back: dict[sympy.Basic, sympy.Expr] = {}
    for p, _spec in probs:  # p = u/(1+u): the ratio 1 − p is visibly in (0, 1), so sums converge
        ratio, u = odds(p)
        density = density.xreplace({p: ratio})
        back[u] = p / (1 - p)
    value = sympy.summation(density * phi.at(k), (k, 0, sympy.oo))
    value = sympy.simplify(value)
    if value.has(sympy.Sum, sympy.Piecewise):
        return None
    return sympy.simplify(value.xreplace(back)), "series"


def derived_moment(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    if phi.kind is PhiKind.LOGQUAD:
        return _log_quadratic_moment(d, phi)
    if phi.kind is PhiKind.POW and sympy.sympify(phi.shift).is_positive is not True:
        return None  # derived for a positive exponent only
    if d.moment_route == "natural":  # λ = ½ apart: not through a generic member
        return natural_moment(d, phi)
    generic = _generic_moment(type(d), phi.kind)  # type: ignore[arg-type]  # classes hash
    if generic is None:
        return _finite_sum_moment(d, phi) or _converging_here(d, phi)
    value, dummies, (shift, scale), method = generic
    mapping = dict(zip(dummies, d.args, strict=True))
    mapping[shift] = phi.shift
    mapping[scale] = phi.scale
    return value.xreplace(mapping), method


#: the most outcomes a finite support is summed over term by term at given parameters
_MOST_TERMS = 64


def _finite_sum_moment(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    """E[φ] over a small finite support at these parameters, term by term: a Binomial's
    generic n gives a sum SymPy cannot close (it does not see that C(n, k) = 0 for k > n)."""
    lo, hi = d.bounds()
    if d.moment_route != "series" or not (lo.is_Integer and hi.is_Integer):
        return None
    if hi - lo > _MOST_TERMS:
        return None
    return _series_moment(d, phi)


def _converging_here(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    """E[x] or E[x²] derived at these parameters, where it converges for some members only:
    Pareto(σ, α)'s mean needs α > 1, which a generic α does not give but α = 1 + δ does."""
    if d.moment_route != "substitution" or phi.kind not in (PhiKind.X, PhiKind.X2):
        return None
    derived = _derive_moment(d, phi)
    if derived is None or derived[0].has(sympy.Integral, sympy.Piecewise):
        return None
    return derived


@functools.cache
def _quadratic_normaliser(lower: sympy.Expr) -> tuple[sympy.Expr, sympy.Dummy]:
    """Z(r + ½) = ∫_lower^∞ (1 + u²)^{−(r + ½)} du for r > 0, integrated by SymPy."""
    r, u = sympy.Dummy("r", positive=True), sympy.Dummy("u", real=True)
    z = sympy.integrate((1 + u**2) ** (-(r + sympy.S.Half)), (u, lower, sympy.oo), meijerg=True)
    return sympy.simplify(z), r


def _log_quadratic_moment(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    """E[log(1 + ((x − m)/c)²)] for a density K·(1 + ((x − m)/c)²)^{−s}: −∂_s log Z(s).

    The density's own m, c and s only: the kernel is read from its log-density and checked
    against the density formula (their ratio must be free of x), and the support must be the
    real line (u over ℝ) or [m, ∞) (u ≥ 0)."""
    if d.moment_group is None:
        return None
    terms = [(c, p) for c, p in d.log_terms() if p.kind is not PhiKind.ONE]
    if len(terms) != 1 or terms[0][1].kind is not PhiKind.LOGQUAD:
        return None
    coefficient, own = terms[0]
    x, s = d.variable, -coefficient
    kernel = (1 + ((x - own.shift) / own.scale) ** 2) ** (-s)
    if sympy.simplify(d.density(x) / kernel).has(x):
        return None
    lo, hi = d.bounds()
    if hi is not sympy.oo or not (lo is sympy.S.NegativeInfinity or lo == own.shift):
        return None
    same_centre = sympy.simplify(phi.shift - own.shift) == 0
    if not same_centre or sympy.simplify(phi.scale - own.scale) != 0:
        # another centre or scale: the Cauchy kernel (s = 1) only; on a half-line only a φ
        # symmetric about the centre, whose mean there is its mean over the whole line
        if s != 1 or not (lo is sympy.S.NegativeInfinity or same_centre):
            return None
        value, (dd, g, c) = _cauchy_log_quadratic()
        at = {dd: own.shift - phi.shift, g: own.scale, c: phi.scale}
        return value.xreplace(at), "integral"  # the integral, summed by residues
    if (s - sympy.S.Half).is_positive is not True:
        return None  # Z(s) diverges for s ≤ ½
    z, r = _quadratic_normaliser(sympy.S.Zero if lo == own.shift else sympy.S.NegativeInfinity)
    if z.has(sympy.Integral, sympy.Piecewise, sympy.meijerg):
        return None
    value = -sympy.diff(sympy.log(z), r).xreplace({r: s - sympy.S.Half})
    return sympy.simplify(value), "moments"


@functools.cache
def _cauchy_log_quadratic() -> tuple[sympy.Expr, tuple[sympy.Dummy, sympy.Dummy, sympy.Dummy]]:
    """E[log(1 + ((x − m)/c)²)] under Cauchy(x₀, γ), with d = x₀ − m, derived by SymPy.

    G(c) = E[log((x − m)² + c²)] has G′(c) = ∫ 2c/((γu + d)² + c²)·du/(π(1 + u²)) (x = x₀ + γu),
    a rational integrand of degree −4: the integral is 2πi times the residues at the poles in
    the upper half-plane, u = i and u = (ic − d)/γ (simple poles; where they meet, at d = 0 and
    c = γ, G′ is continuous in c and d and the formula holds by continuity). G is G′ integrated
    in c, its constant fixed by G(c) − 2 log c = E[log(1 + ((x − m)/c)²)] → 0 as c → ∞
    (dominated by log(1 + (x − m)²) for c ≥ 1, of finite mean)."""
    d, g = sympy.Dummy("d", real=True), sympy.Dummy("g", positive=True)
    c, z = sympy.Dummy("c", positive=True), sympy.Dummy("z")
    denominator = sympy.pi * ((g * z + d) ** 2 + c**2) * (1 + z**2)
    slope = sympy.diff(denominator, z)
    poles = (sympy.I, (sympy.I * c - d) / g)  # imaginary parts 1 and c/γ: both above
    derivative = 2 * sympy.pi * sympy.I * sum(2 * c / slope.xreplace({z: u}) for u in poles)
    derivative = sympy.simplify(sympy.factor(sympy.expand(derivative)))
    antiderivative = sympy.integrate(derivative, c)
    constant = sympy.limit(antiderivative - 2 * sympy.log(c), c, sympy.oo)
    value = sympy.simplify(antiderivative - constant - 2 * sympy.log(c))
    return value, (d, g, c)


def _substituted_moment(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    # X = g(Y): E[φ(X)] = ∫ φ(g(y)) f_Y(y) dy, once f_X(g(y))·g'(y) = f_Y(y) is checked.
    found = d.substitution()
    if found is None or phi.kind in (PhiKind.ABS, PhiKind.LOGFACT):
        return None
    base, g = found
    y = base.variable
    jacobian = d.density(g) * sympy.diff(g, y) / base.density(y)
    ratio = sympy.simplify(sympy.powsimp(sympy.expand_power_base(jacobian, force=False)))
    # f_X(g(y))·|g′(y)| = f_Y(y) with g increasing (ratio 1) or decreasing (ratio −1), and g
    # maps the ends of Y's support onto the ends of X's (swapped when g decreases)
    if ratio not in (1, -1) or not _maps_onto(d, base, g, increasing=ratio == 1):
        return None
    integrand = sympy.expand_log(
        sympy.powdenest(sympy.expand_power_base(phi.at(g), force=False)), force=False
    )
    # e^{c·log y} as y^c, so that e^{−(x − m)/c} at x = μ − β·log y integrates as a power of y
    integrand = sympy.powsimp(sympy.expand(integrand), combine="exp").replace(
        lambda e: isinstance(e, sympy.exp), lambda e: sympy.exp(sympy.expand(e.args[0]))
    )
    integrand = sympy.expand_power_exp(integrand).replace(
        lambda e: (
            isinstance(e, sympy.exp)
            and isinstance(e.args[0], sympy.Mul)
            and any(isinstance(f, sympy.log) and f.args[0] == y for f in e.args[0].args)
        ),
        lambda e: _power_of(e, y),
    )
    lo, hi = base.bounds()
    value = sympy.integrate(sympy.expand(integrand * base.density(y)), (y, lo, hi))
    return sympy.simplify(value), "substitution"


def _power_of(e: sympy.Expr, y: sympy.Symbol) -> sympy.Expr:
    """e^{c·log y} as y^c (y > 0 on the support)."""
    exponent = e.args[0]
    c = sympy.Mul(*(f for f in exponent.args if f != sympy.log(y)))
    return y**c


def _maps_onto(d: Family, base: Family, g: sympy.Expr, *, increasing: bool) -> bool:
    """g sends Y's support (lo, hi) onto X's: g(lo) = lo_X and g(hi) = hi_X (swapped if g falls)."""
    y = base.variable
    lo, hi = base.bounds()
    try:
        ends = [sympy.limit(g, y, lo, "+"), sympy.limit(g, y, hi, "-")]
    except (NotImplementedError, ValueError, TypeError):
        return False  # a limit SymPy cannot take: the map is not known to be onto
    if not increasing:
        ends.reverse()
    return all(sympy.simplify(a - b) == 0 or a == b for a, b in zip(ends, d.bounds(), strict=True))
