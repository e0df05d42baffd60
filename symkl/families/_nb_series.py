"""The NegativeBinomial entropy as one SymPy function node that evaluates fast and stays exact.

H(NB(r, p)) = −r·log(1 − p) − r·p·log p/(1 − p) − E[log C(k + r − 1, k)] has no closed form; as a
raw ``Sum`` SymPy sums it term by term (minutes), and in double precision its three parts are
each ~1e7 at r = 1e6, p = 0.999 while the entropy is 15. Here:

* ``rewrite(Sum)`` gives the defining form (the proofs use it);
* ``evalf`` at double precision sums the positive terms −P(k)·log P(k) around the mode, the
  log-pmf by Loader's saddle-point form (no term cancels), with explicit geometric bounds on both
  truncated tails; for a wide pmf away from 0 (sd > 400) the trapezoid rule with step sd/4 on the
  pmf's smooth extension to real k (equal to the sum up to e^{−2π·10·4}, checked against step
  sd/2), in mpmath with log Γ once k + r passes 1e6 (see :func:`_trapezoid_mp`); otherwise
  (p within ~1e-4 of 1 with a small r) it takes
* Malmsten's formula for log Γ averaged with the pgf M(t) = ((1 − p)/(1 − p·e^{−t}))^r:
  E[log C(k + r − 1, k)] = ∫₀^∞ (e^{−rt} − e^{−t})(M(t) − 1)/((1 − e^{−t})·t) dt, an integrand of
  one sign: in double precision by the trapezoid rule in log t (under a millisecond; its error
  bound checked, see :func:`_entropy_by_integral`), else by mpmath with guard digits for the
  cancellation above (also every evalf above double precision).

>>> NegativeBinomialEntropy(5, sympy.Rational(9, 10)).evalf(8)
4.4031768
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np
import sympy
from mpmath.libmp import prec_to_dps

from ._base import COUNT
from ._series import _DOUBLE_BITS, _stirlerr, checked_trapezoid_mp

__all__ = ["NegativeBinomialEntropy", "negative_binomial_entropy"]

#: direct summation handles windows up to this many terms (about 30 ms); wider ones integrate
_MAX_TERMS = 400_000


#: the double-precision trapezoid only while k + r stays below this: beyond it the rounding of
#: the log-pmf is a smooth bias that the step-h against step-2h check does not see (at r = 1e12,
#: p = 0.999 both steps agreed and were 6e-11 off); above, the rule runs in mpmath (~30 ms)
_DOUBLE_TRAPEZOID_MAX = 1e6


def _stirlerr_real(x: float) -> float:
    """log Γ(x + 1) − (x + ½) log x + x − ½ log 2π for real x > 0."""
    return float(_stirlerr(np.array([x], dtype=float))[0])


def _minus_log_pmf(k: np.ndarray, r: float, p: float) -> np.ndarray:
    """−log P(k) for k ≥ 1: P(k) = r/(k + r)·C(k + r, r)(1 − p)^r p^k, Loader's binomial form."""
    n = k + r
    log_binom = (
        _stirlerr(n)
        - _stirlerr_real(r)
        - _stirlerr(k)
        - _bd0_vec(np.full_like(k, r), n * (1 - p))
        - _bd0_vec(k, n * p)
        + 0.5 * np.log(n / (2 * math.pi * r * k))
    )
    result: np.ndarray = np.log(n / r) - log_binom
    return result


def _bd0_vec(x: np.ndarray, m: np.ndarray) -> np.ndarray:
    """x log(x/m) + m − x with an array of m (Loader's series where x ≈ m)."""
    d = x - m
    out = x * np.log(x / m) + m - x
    near = np.abs(d) < 0.1 * (x + m)
    if np.any(near):
        xn, dn, mn = x[near], d[near], m[near]
        v = dn / (xn + mn)
        s = dn * v
        ej = 2 * xn * v
        v2 = v * v
        # |v| < 0.1, so v^(2j) < 1e-34 after j = 17 terms; fewer when max |v| is smaller
        vmax = float(np.max(np.abs(v)))
        steps = 17 if vmax == 0 else min(17, math.ceil(-36 / (2 * math.log10(max(vmax, 1e-300)))))
        for j in range(1, max(steps, 1) + 1):
            ej = ej * v2
            s = s + ej / (2 * j + 1)
        out[near] = s
    result: np.ndarray = out
    return result


def _trapezoid(r: float, p: float, lo: float, hi: float, sd: float) -> float:
    """Σ_k −P(k) log P(k) by the trapezoid rule on the smooth extension of the pmf to real k.

    For a summand analytic in a strip of half-width d ≥ 10 sd around [lo, hi] (the nearest poles
    of Γ are at k = −1 and k = −r, below lo ≥ mode − 12 sd) and negligible at both ends, the
    sum over the integers equals the trapezoid rule of any step h ≤ 1 up to ~e^{−2πd/h}; with
    h = sd/4 that is below 1e-100. The step-h and step-2h values must agree to 2e-13 relative
    (the rounding noise of the log-pmf at k ~ 1e9 is ~1e-13).
    """

    def rule(h: float) -> float:
        k = np.arange(lo, hi + h, h)
        minus_log_p = _minus_log_pmf(k, r, p)
        return float(np.sum(np.exp(-minus_log_p) * minus_log_p)) * h

    fine, coarse = rule(sd / 4), rule(sd / 2)
    if not abs(fine - coarse) <= 2e-13 * fine:
        raise ArithmeticError(f"NegativeBinomial entropy at ({r}, {p}): trapezoid {fine} {coarse}")
    return fine


def _trapezoid_mp(r: Any, p: Any, lo: int, hi: int, sd: float, dps: int) -> Any:
    """:func:`_trapezoid` at ``dps`` digits with log Γ (``None`` when the steps disagree).

    At k ~ 1e12 the double-precision log-pmf is noisy to ~1e-10 (n·(1 − p) is rounded to
    ~1e-4 before a difference of ~sd is taken), so the double rule fails its own check; here
    log Γ(k + r) − log Γ(k + 1) − log Γ(r) is formed with as many guard digits as k + r has, and
    ~150 points cost milliseconds (mpmath's quadrature took 4 s at r = 1e12).
    """
    guard = len(str(int(hi + r))) + 10
    with mpmath.workdps(dps + guard):
        r, p = mpmath.mpf(r), mpmath.mpf(p)
        lg = mpmath.loggamma
        head = -lg(r) + r * mpmath.log1p(-p)
        log_p = mpmath.log(p)

        def term(k: Any) -> Any:
            minus_log_p = -(lg(k + r) - lg(k + 1) + head + k * log_p)
            return mpmath.exp(-minus_log_p) * minus_log_p

        return checked_trapezoid_mp(term, lo, hi, sd, dps)


def _malmsten_rule(r: float, p: float, h: float) -> float:
    """E[log C(k + r − 1, k)] by Malmsten's integral, trapezoid rule of step h in u = log t.

    In u the integrand is t·f(t): it falls like t at 0 and like e^{−rt} at ∞, so the range
    log min(1 − p, r, 1) − 42 ≤ u ≤ log(45/min(r, 1)) + 2 leaves out less than e^{−40} of it; it is
    analytic in the strip |Im u| < π/2 (its singularities are at t = 2πin and t = log p + 2πin), so
    the rule converges like e^{−π²/h}. 1 − p·e^{−t} is formed as (1 − p) + p·(1 − e^{−t}), so that
    p near 1 costs no digits.
    """
    q = 1 - p
    u = np.arange(math.log(min(q, r, 1.0)) - 42, math.log(45 / min(r, 1.0)) + 2 + h, h)
    t = np.exp(u)
    one_minus = -np.expm1(-t)
    m_minus_1 = np.expm1(-r * np.log1p(p * one_minus / q))
    # (e^{−rt} − e^{−t})(M(t) − 1)/((1 − e^{−t})·t), times dt/du = t
    f = (np.expm1(-r * t) + one_minus) * m_minus_1 / one_minus
    return math.fsum(f.tolist()) * h


def _entropy_by_integral(r: float, p: float) -> float | None:
    """H(NB(r, p)) by :func:`_malmsten_rule` (< 1 ms), or None when its error bound is not met.

    The bound: the rules of step ⅛ and ¼ agree (the finer one is then accurate to the square of
    that difference, by the e^{−π²/h} rate), and rounding stays below 5e-13 of the entropy. Each
    integrand value is good to a few ulp and they have one sign, so the integral is good to 8 ulp
    of itself; the two closed-form parts to 2 ulp each. Cancellation among the three (large r)
    sends the evaluation to mpmath.
    """
    fine, coarse = _malmsten_rule(r, p, 0.125), _malmsten_rule(r, p, 0.25)
    head = -r * math.log1p(-p), -r * p * math.log(p) / (1 - p)
    value = head[0] + head[1] - fine
    size = abs(head[0]) + abs(head[1]) + abs(fine)
    error = abs(fine - coarse) + 8 * 2.0**-52 * size
    return value if error <= 5e-13 * abs(value) else None


def negative_binomial_entropy(total_count: float, probs: float) -> float:
    """H(NegativeBinomial(total_count, probs)) in double precision (relative error < 1e-12)."""
    r, p = float(total_count), float(probs)
    if not (r > 0 and 0 <= p < 1) or math.isinf(r):
        return math.nan
    if p == 0:
        return 0.0
    # Tails decay at least like p^k (the pmf ratio P(k+1)/P(k) = p(k + r)/(k + 1) → p).
    lo, hi, sd = _window(r, p)
    if lo > 0 and sd > 400:
        if hi + r <= _DOUBLE_TRAPEZOID_MAX:
            try:
                return _trapezoid(r, p, lo, hi, sd)
            except ArithmeticError:
                pass
        precise = _trapezoid_mp(r, p, lo, hi, sd, 17)
        if precise is not None:
            return float(precise)
        return float(_entropy_mp(mpmath.mpf(r), mpmath.mpf(p), 17))
    if lo == 0 and hi > 20_000:  # p near 1 with a small r: a long tail from k = 0
        fast = _entropy_by_integral(r, p)
        if fast is not None:
            return fast
    if hi - lo > _MAX_TERMS:
        return float(_entropy_mp(mpmath.mpf(r), mpmath.mpf(p), 17))
    log_p0 = r * math.log1p(-p)
    k = np.arange(max(lo, 1), hi + 1, dtype=float)
    minus_log_p = _minus_log_pmf(k, r, p)
    pk = np.exp(-minus_log_p)
    total = float(np.sum(pk * minus_log_p))
    if lo == 0:
        total += -math.exp(log_p0) * log_p0
    # Upper tail: for j > hi the ratio is at most rho = p·max(1, (hi + r)/(hi + 1)) and −log P
    # grows by at most c = −log(p·min(1, (hi + r)/(hi + 1))) per step.
    ratio_hi = (hi + r) / (hi + 1)
    rho = p * max(1.0, ratio_hi)
    c = -math.log(p * min(1.0, ratio_hi))
    upper = math.inf
    if rho < 1:
        last, tail_l = float(pk[-1]), float(minus_log_p[-1])
        upper = last * (tail_l * rho / (1 - rho) + c * rho / (1 - rho) ** 2)
    # Lower tail (below the mode P is increasing, so −log P(j) ≤ −log P(0) there): going down,
    # the ratio P(j − 1)/P(j) = j/(p(j − 1 + r)) is at most sigma for j ≤ lo.
    lower = 0.0
    if lo > 0:
        sigma = lo / (p * (lo - 1 + r))
        lower = float(pk[0]) * -log_p0 * sigma / (1 - sigma) if sigma < 1 else math.inf
    if not upper + lower <= 1e-15 * total:
        fast = _entropy_by_integral(r, p)
        return fast if fast is not None else float(_entropy_mp(mpmath.mpf(r), mpmath.mpf(p), 17))
    return total


def _log_choose_mean_mp(r: mpmath.mpf, p: mpmath.mpf) -> mpmath.mpf:
    """E[log C(k + r − 1, k)] by Malmsten's integral (see the module docstring)."""
    log_q = mpmath.log1p(-p)

    def f(t: mpmath.mpf) -> mpmath.mpf:
        one_minus = -mpmath.expm1(-t)
        m_minus_1 = mpmath.expm1(r * (log_q - mpmath.log1p(-p * mpmath.exp(-t))))
        return (mpmath.exp(-r * t) - mpmath.exp(-t)) * m_minus_1 / (one_minus * t)

    mean = r * p / (1 - p)
    points = [mpmath.mpf(0)]
    for s in sorted({1 / mean, 10 / mean, 1 / r, 10 / r, 1 - p, mpmath.mpf(1), mpmath.mpf(10)}):
        if s > points[-1]:
            points.append(s)
    return mpmath.quad(f, [*points, mpmath.inf])


def _window(r: float, p: float, width: float = 12) -> tuple[int, int, float]:
    """(lo, hi, sd): the mode ± width·sd, plus the geometric decay of the upper tail."""
    q = 1 - p
    mean, sd = r * p / q, math.sqrt(r * p) / q
    mode = max(0.0, math.floor((r - 1) * p / q))
    decay = 40 / -math.log(p) + 40  # P(k+1)/P(k) → p: 40 e-folds past the bulk
    lo = max(0, math.floor(mode - width * sd - 40))
    return lo, math.ceil(max(mean, mode) + width * sd + decay), sd


def _entropy_mp(r: mpmath.mpf, p: mpmath.mpf, dps: int) -> mpmath.mpf:
    if p == 0:
        return mpmath.mpf(0)
    # a wide bell away from 0: the trapezoid rule over ± width·sd (what it leaves out is
    # ~e^{−width²/2}, below 10^−(dps + 5)), milliseconds where mpmath's quadrature takes seconds;
    # its step-sd/2 check is good to ~e^{−125}, so up to 45 digits
    width = max(12.0, math.sqrt(2 * (dps + 5) * math.log(10)) + 1)
    lo, hi, sd = _window(float(r), float(p), width)
    if lo > 0 and sd > 400 and dps <= 45:
        wide = _trapezoid_mp(r, p, lo, hi, sd, dps)
        if wide is not None:
            return wide
    # The three parts are as large as r·|log(1 − p)| + r·p·|log p|/(1 − p): guard that many digits.
    with mpmath.workdps(dps + 10):
        r, p = mpmath.mpf(r), mpmath.mpf(p)
        size = r * abs(mpmath.log1p(-p)) + r * p * abs(mpmath.log(p)) / (1 - p) + 1
        guard = int(mpmath.log10(size)) + 1 if size > 10 else 0
    with mpmath.workdps(dps + 10 + guard):
        r, p = mpmath.mpf(r), mpmath.mpf(p)
        q = 1 - p
        head = -r * mpmath.log1p(-p) - r * p * mpmath.log(p) / q
        return head - _log_choose_mean_mp(r, p)


def _apply(r: Any, p: Any) -> Any:
    # NumPy arrays element by element in double precision; mpmath numbers at mpmath's precision.
    if isinstance(r, np.ndarray) or isinstance(p, np.ndarray):
        return np.vectorize(negative_binomial_entropy, otypes=[float])(r, p)
    if isinstance(r, mpmath.mpf) or isinstance(p, mpmath.mpf):
        return _entropy_mp(mpmath.mpf(r), mpmath.mpf(p), mpmath.mp.dps)
    return negative_binomial_entropy(float(r), float(p))


class NegativeBinomialEntropy(sympy.Function):
    r"""H(NB(r, p)) = −r log(1 − p) − r p log p/(1 − p) − Σ_k P(k) log C(k + r − 1, k)."""

    nargs = 2
    is_real = True
    series_node = True  # expand_series rewrites it to its defining Sum
    _imp_ = staticmethod(_apply)

    @classmethod
    def eval(cls, r: sympy.Expr, p: sympy.Expr) -> sympy.Expr | None:
        if p.is_zero:
            return sympy.S.Zero
        numbers = r.is_Number and p.is_Number
        if numbers and (isinstance(r, sympy.Float) or isinstance(p, sympy.Float)):
            return sympy.Float(negative_binomial_entropy(float(r), float(p)))
        return None

    def _eval_evalf(self, prec: int) -> sympy.Float | None:
        r, p = (a.evalf(prec + 20) for a in self.args)
        if not (r.is_Number and p.is_Number):
            return None
        dps = prec_to_dps(prec)
        if prec <= _DOUBLE_BITS:
            return sympy.Float(negative_binomial_entropy(float(r), float(p)), dps)
        value = _entropy_mp(mpmath.mpf(str(r)), mpmath.mpf(str(p)), dps)
        return sympy.Float(mpmath.nstr(value, dps + 3), dps)

    def _eval_rewrite_as_Sum(self, r: sympy.Expr, p: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        k = COUNT
        choose = sympy.gamma(k + r) / (sympy.factorial(k) * sympy.gamma(r))
        pmf = choose * p**k * (1 - p) ** r
        term = sympy.loggamma(k + r) - sympy.loggamma(k + 1) - sympy.loggamma(r)
        series = sympy.Sum(pmf * term, (k, 0, sympy.oo))
        return -r * sympy.log(1 - p) - r / (1 - p) * p * sympy.log(p) - series

    def _sympystr(self, printer: Any) -> str:
        r, p = (printer._print(a) for a in self.args)
        return f"NegativeBinomialEntropy({r}, {p})"

    def _latex(self, printer: Any, exp: Any = None) -> str:
        r, p = (printer._print(a) for a in self.args)
        body = rf"H\left(\operatorname{{NB}}\left({r}, {p}\right)\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"
