"""Special functions over NumPy arrays without SciPy, and the mpmath names lambdify gets wrong.

Real arguments take CPython's ``math.lgamma`` formula vectorised (``loggamma``, x > 0), the
``math`` module's C implementations element by element (``gamma``, ``erf``, ``erfc``) or a
vectorised series (``digamma``); complex or negative arguments, and the rarer functions, go to
mpmath element by element at double precision, so values follow SymPy's principal branches
(``loggamma(−1/2)`` is complex)::

    >>> round(float(NUMPY_FUNCTIONS["loggamma"](np.array([5.0]))[0]), 12)
    3.178053830348
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np

__all__ = ["MPMATH_FIXES", "NUMPY_FUNCTIONS"]


def _regularized_betainc(a: Any, b: Any, x1: Any, x2: Any) -> Any:
    return mpmath.betainc(a, b, x1, x2, regularized=True)


#: SymPy's mpmath translation of betainc_regularized drops regularized=True, so lambdified
#: code would give the unregularised integral: a wrong "confirmed at 50 digits" value.
MPMATH_FIXES: dict[str, Callable[..., Any]] = {"betainc_regularized": _regularized_betainc}


def _number(value: Any) -> Any:
    """An mpmath result as a Python float, or complex when it has an imaginary part."""
    if isinstance(value, mpmath.mpc):
        return complex(value) if value.imag != 0 else float(value.real)
    return float(value)


def _by_element(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` (mpmath) over broadcast arrays; a pole or a domain error is nan at that element."""

    def one(*args: Any) -> Any:
        try:
            return _number(fn(*(complex(a) if np.iscomplexobj(a) else float(a) for a in args)))
        except (ArithmeticError, ValueError, TypeError, RecursionError, mpmath.NoConvergence):
            return math.nan  # a pole, a domain error, or mpmath giving up: unusable here

    def apply(*args: Any) -> Any:
        arrays = np.broadcast_arrays(*(np.asarray(a) for a in args))
        out = np.frompyfunc(one, len(arrays), 1)(*arrays)
        return _as_array(out)

    return apply


def _as_array(out: Any) -> Any:
    """An object array of Python numbers as float, or complex when any element is complex."""
    arr = np.asarray(out, dtype=object)
    if any(isinstance(v, complex) for v in arr.flat):
        result = arr.astype(complex)
    else:
        result = arr.astype(float)
    return result[()] if result.shape == () else result


def _real_fast(
    fast: Callable[[float], float], slow: Callable[..., Any], overflows_above: float = math.inf
) -> Callable[[Any], Any]:
    """``fast`` (a ``math`` function) on real arguments, ``slow`` (mpmath) on complex ones;
    overflow is ±inf as the function's sign gives it. Above ``overflows_above`` ``fast`` is known
    to overflow (or return +inf), so those elements are +inf without the call (Γ of a series
    index: tens of thousands of elements, one exception each)."""
    by_element = _by_element(slow)

    def one(x: float) -> float:
        try:
            return fast(x)
        except OverflowError:
            return math.inf
        except ValueError:
            return math.nan

    fast_ufunc = np.frompyfunc(one, 1, 1)

    def apply(x: Any) -> Any:
        arr = np.asarray(x)
        if np.iscomplexobj(arr):
            return by_element(arr)
        arr = arr.astype(float)
        beyond = arr > overflows_above
        if beyond.any():
            result = np.full(arr.shape, np.inf)
            result[~beyond] = np.asarray(fast_ufunc(arr[~beyond]), dtype=float)
        else:
            result = np.asarray(fast_ufunc(arr), dtype=float)
        return result[()] if result.shape == () else result

    return apply


#: ``math.gamma`` raises OverflowError for every x > 200 and returns +inf at +inf (CPython's
#: mathmodule.c); 250 leaves room for the x + 1 of the factorial.
_GAMMA_OVERFLOWS = 250.0


#: CPython's ``math.lgamma`` (Lanczos, g = 6.0246800407767296, 13 terms), coefficients as there.
_LANCZOS_G = 6.024680040776729583740234375
_LANCZOS_NUM = (
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
)
_LANCZOS_DEN = (0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0,
                13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0, 66.0, 1.0)  # fmt: skip


#: Elements computed per pass of the Lanczos sum: its 13 Horner steps then run on buffers that
#: stay in the processor's cache instead of streaming a large array through memory 60 times.
_LANCZOS_CHUNK = 16384


def _lanczos_log(x: Any, small: bool, out: Any) -> None:
    """log Γ(x) for x > 0 into ``out`` by CPython's formula, in the same order of operations:
    Horner in x below 5, in 1/x from 5 on (where x¹² would overflow). Element by element the
    same operations whatever the chunking, so the values do not depend on it."""
    coefficients = (
        zip(reversed(_LANCZOS_NUM), reversed(_LANCZOS_DEN), strict=True)
        if small
        else zip(_LANCZOS_NUM, _LANCZOS_DEN, strict=True)
    )
    steps = tuple(coefficients)
    size = min(_LANCZOS_CHUNK, x.size)
    num_buffer, den_buffer, work_buffer = np.empty(size), np.empty(size), np.empty(size)
    for start in range(0, x.size, _LANCZOS_CHUNK):
        xs = x[start : start + _LANCZOS_CHUNK]
        n = xs.size
        num, den, work = num_buffer[:n], den_buffer[:n], work_buffer[:n]
        num.fill(0.0)
        den.fill(0.0)
        for c, d in steps:
            if small:
                num *= xs
                den *= xs
            else:
                num /= xs
                den /= xs
            num += c
            den += d
        num /= den
        result = out[start : start + n]
        np.log(num, out=result)
        result -= _LANCZOS_G
        # (x − 0.5)·(log((x + g) − 0.5) − 1), each operation as written
        np.add(xs, _LANCZOS_G, out=work)
        work -= 0.5
        np.log(work, out=work)
        work -= 1
        np.subtract(xs, 0.5, out=num)
        work *= num
        result += work


def _lgamma_positive(arr: Any) -> Any:
    """``math.lgamma`` over an array of reals > 0 (or nan), vectorised: the same formula, equal
    to it but for the last bit of NumPy's own ``log``; ``inf`` where it overflows."""
    flat = arr.reshape(-1)
    out = np.empty_like(flat)
    with np.errstate(all="ignore"):
        small = flat < 5.0
        if small.all() or not small.any():
            _lanczos_log(flat, bool(small.all()), out)
        else:
            for where, below in ((np.flatnonzero(small), True), (np.flatnonzero(~small), False)):
                part = np.empty(where.size)
                _lanczos_log(flat[where], below, part)
                out[where] = part
        # As CPython: Γ(1) = Γ(2) = 1 exactly, −log x for tiny x, +∞ at +∞.
        special = (flat < 1e-20) | (flat == 1) | (flat == 2) | np.isinf(flat)
        if special.any():
            at = np.flatnonzero(special)
            x = flat[at]
            out[at] = np.where(x < 1e-20, -np.log(x), np.where(np.isinf(x), np.inf, 0.0))
    return out.reshape(arr.shape)


def _lgamma(x: Any) -> Any:
    """log Γ(x): vectorised for reals > 0, mpmath element by element elsewhere (complex there)."""
    arr = np.asarray(x)
    if np.iscomplexobj(arr) or np.any(arr.astype(float) <= 0):
        return _by_element(mpmath.loggamma)(arr)
    result = _lgamma_positive(arr.astype(float))
    return result[()] if result.shape == () else result


#: Asymptotic series of ψ(x) − log x + 1/(2x) in 1/x², valid to double precision for x ≥ 10.
_DIGAMMA_SERIES = (-1 / 12, 1 / 120, -1 / 252, 1 / 240, -1 / 132, 691 / 32760, -1 / 12)


def _digamma(x: Any) -> Any:
    """ψ(x) for real x > 0 by recurrence up to 10 and the asymptotic series; else mpmath."""
    arr = np.asarray(x)
    if np.iscomplexobj(arr) or np.any(~(arr.astype(float) > 0)):
        return _by_element(mpmath.digamma)(arr)
    z = arr.astype(float).copy()
    shift = np.zeros_like(z)
    while np.any(z < 10):
        small = z < 10
        shift = np.where(small, shift - 1 / z, shift)
        z = np.where(small, z + 1, z)
    inv2 = 1 / (z * z)
    series = np.zeros_like(z)
    for c in reversed(_DIGAMMA_SERIES):
        series = series * inv2 + c
    result = shift + np.log(z) - 0.5 / z + series * inv2
    return result[()] if result.shape == () else result


def _polygamma(m: Any, x: Any) -> Any:
    order = np.asarray(m)
    if order.ndim == 0 and float(order) == 0:
        return _digamma(x)
    return _by_element(mpmath.polygamma)(m, x)


#: Continued-fraction terms tried before a regularised incomplete beta is declared unusable.
_BETA_TERMS = 5000


def _beta_fraction(a: Any, b: Any, x: Any) -> Any:
    """The continued fraction of I_x(a, b) (modified Lentz), vectorised; nan where unsettled."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c = np.ones_like(x)
    d = 1 - qab * x / qap
    d = 1 / np.where(np.abs(d) < tiny, tiny, d)
    h = d.copy()
    done = np.zeros(x.shape, dtype=bool)
    for m in range(1, _BETA_TERMS + 1):
        m2 = 2 * m
        for numerator in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                          -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):  # fmt: skip
            d = 1 + numerator * d
            d = 1 / np.where(np.abs(d) < tiny, tiny, d)
            c = 1 + numerator / c
            c = np.where(np.abs(c) < tiny, tiny, c)
            delta = c * d
            h = np.where(done, h, h * delta)
        done |= np.abs(delta - 1) <= 1e-16
        if done.all():
            break
    return np.where(done, h, np.nan)


def _regularized_betainc_np(a: Any, b: Any, x1: Any, x2: Any) -> Any:
    """I_x2(a, b) − I_x1(a, b) for real a, b > 0 (Numerical Recipes' betai); else mpmath."""
    args = np.broadcast_arrays(*(np.asarray(v) for v in (a, b, x1, x2)))
    if any(np.iscomplexobj(v) for v in args) or not all(
        np.all(v > 0) for v in (args[0].astype(float), args[1].astype(float))
    ):
        return _by_element(_regularized_betainc)(*args)
    shape = args[0].shape
    a_, b_ = args[0].astype(float).reshape(-1), args[1].astype(float).reshape(-1)

    def regularized(x: Any) -> Any:
        x = np.clip(np.asarray(x, dtype=float).reshape(-1), 0.0, 1.0)
        inner = (x > 0) & (x < 1)
        xs = np.where(inner, x, 0.5)
        log_front = (
            np.vectorize(math.lgamma)(a_ + b_) - np.vectorize(math.lgamma)(a_)
            - np.vectorize(math.lgamma)(b_) + a_ * np.log(xs) + b_ * np.log1p(-xs)
        )  # fmt: skip
        front = np.exp(log_front)
        direct = xs < (a_ + 1) / (a_ + b_ + 2)
        value = np.empty_like(xs)
        # Each sample takes the side where its fraction converges fast: computing both for
        # every sample would run the slow side to its term limit.
        low, high = np.flatnonzero(direct), np.flatnonzero(~direct)
        value[low] = front[low] * _beta_fraction(a_[low], b_[low], xs[low]) / a_[low]
        value[high] = 1 - front[high] * _beta_fraction(b_[high], a_[high], 1 - xs[high]) / b_[high]
        return np.where(inner, value, np.where(x >= 1, 1.0, 0.0))

    with np.errstate(all="ignore"):
        result = (regularized(args[3]) - regularized(args[2])).reshape(shape)
    return result[()] if result.shape == () else result


def _incomplete_gamma(a: Any, x: Any) -> tuple[Any, Any, Any]:
    """γ(a, x) and Γ(a, x) for real a > 0, x >= 0: the series below a + 1, Legendre's continued
    fraction above (Numerical Recipes' gser/gcf), vectorised; nan where a side did not settle.
    The third value says where the arguments were outside that range."""
    a_arr, x_arr = (v.astype(float).reshape(-1) for v in np.broadcast_arrays(a, x))
    outside = ~((a_arr > 0) & (x_arr >= 0) & np.isfinite(a_arr) & np.isfinite(x_arr))
    a_arr, x_arr = np.where(outside, 1.0, a_arr), np.where(outside, 1.0, x_arr)
    with np.errstate(all="ignore"):
        front = np.exp(a_arr * np.log(x_arr) - x_arr)
        full = np.array([math.gamma(v) if v < 171 else math.inf for v in a_arr])
        lower, upper = np.empty_like(a_arr), np.empty_like(a_arr)
        series = x_arr < a_arr + 1
        s, c = np.flatnonzero(series), np.flatnonzero(~series)
        ap, term = a_arr[s].copy(), 1 / a_arr[s]
        total, done = term.copy(), np.zeros(s.size, dtype=bool)
        for _ in range(_BETA_TERMS):
            ap += 1
            term = term * x_arr[s] / ap
            total = np.where(done, total, total + term)
            done |= np.abs(term) <= np.abs(total) * 1e-17
            if done.all():
                break
        lower[s] = np.where(done, front[s] * total, np.nan)
        upper[s] = full[s] - lower[s]
        aa, xx = a_arr[c], x_arr[c]
        b = xx + 1 - aa
        cc, d = np.full(c.size, 1e300), 1 / b
        h, done = d.copy(), np.zeros(c.size, dtype=bool)
        for i in range(1, _BETA_TERMS):
            an = -i * (i - aa)
            b = b + 2
            d = an * d + b
            d = 1 / np.where(np.abs(d) < 1e-300, 1e-300, d)
            cc = b + an / cc
            cc = np.where(np.abs(cc) < 1e-300, 1e-300, cc)
            delta = d * cc
            h = np.where(done, h, h * delta)
            done |= np.abs(delta - 1) <= 1e-16
            if done.all():
                break
        upper[c] = np.where(done, front[c] * h, np.nan)
        lower[c] = full[c] - upper[c]
    return lower, upper, outside


def _gamma_inc(which: int, fallback: Callable[..., Any]) -> Callable[..., Any]:
    def apply(a: Any, x: Any) -> Any:
        arrays = np.broadcast_arrays(np.asarray(a), np.asarray(x))
        if any(np.iscomplexobj(v) for v in arrays):
            return _by_element(fallback)(*arrays)
        values = _incomplete_gamma(*arrays)
        result, outside = values[which], values[2]
        # Outside a > 0, x >= 0 the value is complex or a pole (SciPy gives nan there too), and
        # mpmath can take minutes to say so for large arguments: unusable, not asked.
        result[outside] = np.nan
        result = result.reshape(arrays[0].shape)
        return result[()] if result.shape == () else result

    return apply


def _besseli(nu: Any, x: Any) -> Any:
    """I_ν(x) for real x: NumPy's own ``i0`` (Cephes, double precision) for ν = 0, i0 times
    I₁/I₀ from its continued fraction for ν = 1; other orders and complex x by mpmath."""
    order, arr = np.asarray(nu), np.asarray(x)
    if order.ndim == 0 and np.isrealobj(arr):
        if float(order.real) == 0:
            return np.i0(arr.astype(float))
        if np.isrealobj(order) and float(order) == 1:
            return _besseli1(arr.astype(float))
    return _by_element(mpmath.besseli)(nu, x)


def _besseli_finite(nu: Any, x: Any) -> Any:
    """I_ν(x) where it fits a double, nan where it overflows: I_ν is finite at every finite x,
    so an overflowed ∞ is no infinity and must not meet the 0·∞ = 0 or c/∞ = 0 conventions
    (I₁(κ)/I₀(κ) for κ > 714 became 0·∞ = 0, and a false bound on it was CHECKED)."""
    value = _besseli(nu, x)
    with np.errstate(all="ignore"):
        overflowed = np.isinf(value) & np.isfinite(x)
    if not np.any(overflowed):
        return value
    if np.ndim(value) == 0:
        return np.nan
    return np.where(overflowed, np.nan, value)


#: Beyond this |x|, I₁(x) overflows a double (I₁(x) ~ eˣ/√(2πx)); I₀ overflows from 713.99.
_I1_OVERFLOW = 720.0


def _besseli1(x: Any) -> Any:
    """I₁ over a real array: ±∞ beyond the overflow, mpmath where only I₀ overflowed."""
    with np.errstate(all="ignore"):
        inside = np.abs(x) <= _I1_OVERFLOW  # nan is outside and stays nan below
        at = np.where(inside, x, 0.0)
        result = np.where(inside, _i1_over_i0(at) * np.i0(at), np.sign(x) * np.inf)
    late = np.flatnonzero(inside & ~np.isfinite(result))
    if late.size:
        result = np.asarray(result, dtype=float).copy()
        result.flat[late] = _by_element(mpmath.besseli)(1.0, x.flat[late])
    return result[()] if np.ndim(result) == 0 else result


def _i1_over_i0(x: Any) -> Any:
    """I₁(x)/I₀(x) = 1/(2/x + 1/(4/x + 1/(6/x + …))) evaluated from the tail (stable): past
    k ≈ |x|/2 each level shrinks the tail's effect, so |x| + 60 levels reach double precision."""
    tail = np.zeros_like(x)
    for k in range(int(np.max(np.abs(x), initial=0.0)) + 60, 0, -1):
        tail = 1 / (2 * k / x + tail)
    return tail


#: Names lambdify prints for SymPy's special functions (``lgamma`` is NumPyPrinter's loggamma).
NUMPY_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "lgamma": _lgamma,
    "loggamma": _lgamma,
    "gamma": _real_fast(math.gamma, mpmath.gamma, _GAMMA_OVERFLOWS),
    "erf": _real_fast(math.erf, mpmath.erf),
    "erfc": _real_fast(math.erfc, mpmath.erfc),
    "digamma": _digamma,
    "polygamma": _polygamma,
    "beta": _by_element(mpmath.beta),
    "betainc_regularized": _regularized_betainc_np,
    "betainc": _by_element(mpmath.betainc),
    "zeta": _by_element(mpmath.zeta),
    "expint": _by_element(mpmath.expint),
    "Ei": _by_element(mpmath.ei),
    "besseli": _besseli_finite,
    "besselj": _by_element(mpmath.besselj),
    "besselk": _by_element(mpmath.besselk),
    "LambertW": _by_element(mpmath.lambertw),
    "lowergamma": _gamma_inc(0, lambda a, x: mpmath.gammainc(a, 0, x)),
    "uppergamma": _gamma_inc(1, lambda a, x: mpmath.gammainc(a, x, mpmath.inf)),
    "factorial": _real_fast(
        lambda v: math.gamma(v + 1), lambda v: mpmath.factorial(v), _GAMMA_OVERFLOWS
    ),
}
