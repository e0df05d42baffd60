"""Divergent integrals at one sample: a quadrature that does not settle may be an infinite side.

Where the double-precision quadrature of a side does not settle, the sample is no evidence of
agreement, but it may be evidence of divergence. Each end of every integral on that side is
looked at with mpmath, far beyond every scale a double parameter can set (x = 10^2000 … 10^6000;
10^−400 … 10^−1000 from a finite end c ≠ 0): the local log–log slope s of the integrand (of
f(c + 1/t)/t² at a finite end c) decides. A tail that is an exact power law (slope constant to
30 digits) diverges when s ≤ 1 and converges otherwise; any other tail diverges only when every
slope is below 1 − :data:`MARGIN` with one sign throughout, and converges when every slope is
above 1 + MARGIN. The rest (log factors near s = 1, oscillation, functions not looked at) is
not decided::

    >>> x, a = sympy.Symbol("x", positive=True), sympy.Symbol("a", positive=True)
    >>> integral_behaviour(a * x ** (-a), x, 1, sympy.oo, {a: mpmath.mpf(0.5)})
    (<Tail.DIVERGES: 'diverges'>, 1)
    >>> integral_behaviour(a * x ** (-a), x, 1, sympy.oo, {a: mpmath.mpf(1.5)})[0]
    <Tail.CONVERGES: 'converges'>
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any

import mpmath
import sympy

from ..distributions import Kind
from ..measures import Measure, OutcomeSum
from ._compile import Backend, compile_expr
from ._inner import Inner, compile_inner
from ._outcomes import outcome_function

__all__ = [
    "MARGIN",
    "Tail",
    "diverging_side",
    "has_integrals",
    "integral_behaviour",
    "integrals_in",
    "slow_tail",
]

#: How far from 1 every slope of a tail that is not an exact power law must be to decide it.
MARGIN = 0.05
#: Decimal exponents of the far points (x = ±10^e) and of the distances to a finite end.
FAR = (2000, 2500, 3000, 4000, 5000, 6000)
#: The same for u = log|x| (x = e^±u), where a tail near slope 1 is looked at again.
LOG_FAR = (40, 80, 120, 200, 300, 400)
#: The same for a finite end other than 0, where each needs that many digits (and time).
NEAR = (400, 500, 600, 800, 1000)
#: Slopes that agree to this are an exact power law (corrections x^−k vanish far out).
EXACT = mpmath.mpf(10) ** -30
#: An exact slope this close to 1 decides nothing (see :func:`_end`).
ONE = mpmath.mpf(10) ** -20
#: Digits at least (the slopes of an exact power law must agree to :data:`EXACT`).
DPS = 50
#: Functions of the integration variable whose value far out is computed (all cheap there).
_ELEMENTARY = (sympy.exp, sympy.log, sympy.Abs, sympy.Piecewise, sympy.sign, sympy.sin, sympy.cos)


class Tail(enum.Enum):
    CONVERGES = "converges"
    DIVERGES = "diverges"
    DOUBTFUL = "doubtful"  # slopes near 1 with one sign: may well diverge, cannot tell
    UNKNOWN = "unknown"


def _end(values: Sequence[Any], logs: Sequence[Any]) -> tuple[Tail, int]:
    """The behaviour of ∫^∞ g from g at t = 10^e (``logs`` are the ln t), and g's sign there."""
    if any(isinstance(v, mpmath.mpc) and mpmath.im(v) != 0 for v in values):
        return Tail.UNKNOWN, 0
    reals = [mpmath.re(v) for v in values]
    if any(mpmath.isnan(v) or mpmath.isinf(v) for v in reals):
        return Tail.UNKNOWN, 0
    if all(v == 0 for v in reals):
        return Tail.CONVERGES, 0  # no mass this far out
    if any(v == 0 for v in reals):
        return Tail.UNKNOWN, 0
    signs = {1 if v > 0 else -1 for v in reals}
    sign = signs.pop() if len(signs) == 1 else 0
    magnitudes = [mpmath.log(abs(v)) for v in reals]
    slopes = [
        -(magnitudes[k + 1] - magnitudes[k]) / (logs[k + 1] - logs[k])
        for k in range(len(reals) - 1)
    ]
    low, high = min(slopes), max(slopes)
    if high - low <= EXACT:  # an exact power law: s > 1 converges, s < 1 diverges
        if low > 1 + ONE:
            return Tail.CONVERGES, sign
        if high < 1 - ONE:
            return (Tail.DIVERGES, sign) if sign else (Tail.UNKNOWN, 0)
        # s = 1 to 20 digits: 1/x, or x^(a−1) of a shape a = 10⁻³⁰ (a Beta or Gamma density
        # that converges) with the digit that tells them apart lost. Not a doubt about the
        # claim (that would make every claim over such a family undecided), only no evidence.
        return Tail.UNKNOWN, 0
    if low >= 1 + MARGIN:
        return Tail.CONVERGES, sign
    if not sign:
        return Tail.UNKNOWN, 0
    if high <= 1 - MARGIN:
        return Tail.DIVERGES, sign
    return Tail.DOUBTFUL, sign


def _far_values(inner: Inner, local: dict[sympy.Basic, Any], var: sympy.Symbol, end: Any,
                direction: int) -> list[Any]:  # fmt: skip
    """The integrand at t = 10^e for e in ``exponents`` (of f(c ± 1/t)/t² at a finite end c)."""
    exponents = FAR if mpmath.isinf(end) or end == 0 else NEAR
    values = []
    for e in exponents:
        if mpmath.isinf(end):
            local[var] = -direction * mpmath.mpf(10) ** e
            values.append(inner(local))
        else:  # ∫ near c of f = ∫^∞ f(c ± 1/t)/t² dt at t = 10^e
            local[var] = end + direction * mpmath.mpf(10) ** -e
            values.append(inner(local) * mpmath.mpf(10) ** (-2 * e))
    return values


def _tail(inner: Inner, local: dict[sympy.Basic, Any], var: sympy.Symbol, end: Any,
          direction: int) -> tuple[Tail, int]:  # fmt: skip
    """The behaviour of the integral at one end (``direction`` 1: the lower end)."""
    exponents = FAR if mpmath.isinf(end) or end == 0 else NEAR
    # c ± 10^−e must differ from c: as many digits as that, and some to spare.
    with mpmath.workdps(mpmath.mp.dps + (0 if mpmath.isinf(end) or end == 0 else max(NEAR))):
        values = _far_values(inner, local, var, end, direction)
        found = _end(values, [e * mpmath.log(10) for e in exponents])
    if found[0] in (Tail.CONVERGES, Tail.UNKNOWN) or not (mpmath.isinf(end) or end == 0):
        return found
    # In u = log|x| (x = e^±u, up to e^(10^400)) the tail is ∫^∞ f(±e^±u)·e^±u du: a decay
    # that starts beyond 10^6000 (e^(−x^a) of a Weibull shape a = 2·10⁻⁴, whose mass lies near
    # 10^16000) has started, and 1/(x·log² x) is the power law u^−2.
    values = []
    for e in LOG_FAR:
        u = mpmath.mpf(10) ** e
        far = mpmath.isinf(end)
        scale = mpmath.exp(u) if far else mpmath.exp(-u)
        local[var] = (-direction if far else direction) * scale
        try:
            values.append(inner(local) * scale)
        except ArithmeticError:  # e^y past any exponent: the tail grows (or is unknown)
            values.append(mpmath.nan)
    in_log = _end(values, [e * mpmath.log(10) for e in LOG_FAR])
    if found[0] is Tail.DOUBTFUL:
        # Only a decay settles a doubt there: a power law in u may be a lost digit (x^(a−1) with
        # a = 10⁻³⁰⁰ is x^−1 at 50 digits, and its e^(−a·u) decay gone).
        return in_log if in_log[0] is Tail.CONVERGES else found
    # A divergence stands unless the log scale shows the tail decaying after all.
    if in_log[0] is Tail.CONVERGES or (in_log[0] is Tail.DIVERGES and in_log[1] != found[1]):
        return Tail.UNKNOWN, 0
    return found


def _looked_at(integrand: sympy.Expr, var: sympy.Symbol) -> bool:
    """Whether every function of ``var`` in the integrand is one whose tail is computed."""
    for node in sympy.preorder_traversal(integrand):
        if isinstance(node, sympy.Function) and node.has(var):
            if not isinstance(node, _ELEMENTARY):
                return False
        elif isinstance(node, (sympy.Integral, sympy.Sum, Measure)) and node.has(var):
            return False
    return True


def integral_behaviour(
    integrand: sympy.Expr,
    var: sympy.Symbol,
    lo: sympy.Expr,
    hi: sympy.Expr,
    env: Mapping[sympy.Basic, Any],
) -> tuple[Tail, int]:
    """Whether ∫_lo^hi integrand d(var) converges at the values ``env`` (mpmath numbers), and
    the sign of ±∞ when it diverges."""
    if not _looked_at(integrand, var):
        return Tail.UNKNOWN, 0
    inner = compile_inner(integrand, frozenset({var}), Backend.MPMATH)
    with mpmath.workdps(max(mpmath.mp.dps, DPS)):  # an exact power law shows to 30 digits
        return _behaviour(inner, var, lo, hi, env)


def _behaviour(
    inner: Inner, var: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr, env: Mapping[sympy.Basic, Any]
) -> tuple[Tail, int]:
    try:
        # Constant factors (Γ of a parameter) do not change a slope: computed at the usual
        # precision, as costly ones are slow at thousands of digits.
        ends = [compile_expr(sympy.sympify(b), Backend.MPMATH)(env) for b in (lo, hi)]
        local = inner.prepare(env)
        tails = [_tail(inner, local, var, ends[0], 1), _tail(inner, local, var, ends[1], -1)]
    except (ArithmeticError, TypeError, ValueError):
        return Tail.UNKNOWN, 0
    diverging = {sign for tail, sign in tails if tail is Tail.DIVERGES}
    if len(diverging) == 1:
        sign = diverging.pop()
        # The other end adds a finite value or an infinity of the same sign.
        if all(tail is not Tail.UNKNOWN and s in (0, sign) for tail, s in tails):
            return Tail.DIVERGES, sign
        return Tail.UNKNOWN, 0
    if diverging:
        return Tail.UNKNOWN, 0  # ∞ − ∞
    if any(tail is Tail.DOUBTFUL for tail, _ in tails):
        return Tail.DOUBTFUL, 0
    if all(tail is Tail.CONVERGES for tail, _ in tails):
        return Tail.CONVERGES, 0
    return Tail.UNKNOWN, 0


def _unfolded(expr: sympy.Basic) -> sympy.Basic:
    """``expr`` with every measure written as its definition, down to outcome sums."""
    for _ in range(8):
        found = [
            m
            for m in sympy.preorder_traversal(expr)
            if isinstance(m, Measure) and not isinstance(m, OutcomeSum)
        ]
        if not found:
            break
        expr = expr.xreplace({m: m.definition() for m in found})
    return expr


def integrals_in(expr: sympy.Basic) -> list[tuple[sympy.Basic, sympy.Expr, Any, Any, Any]]:
    """Every single integral of ``expr`` over a real line segment: (node, integrand, var, lo,
    hi), for continuous outcome sums and ``Integral`` objects alike."""
    out: list[tuple[sympy.Basic, sympy.Expr, Any, Any, Any]] = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, OutcomeSum):
            support = node.support
            var = support.variable
            if (
                support.kind is Kind.CONTINUOUS
                and support.size is None
                and isinstance(var, sympy.Symbol)
                and support.lower is not None
                and support.upper is not None
            ):
                integrand = outcome_function(node)[0]
                out.append((node, integrand, var, support.lower, support.upper))
        elif isinstance(node, sympy.Integral) and len(node.limits) == 1:
            limit = node.limits[0]
            if len(limit) == 3:
                out.append((node, node.function, *limit))
    return out


def has_integrals(expr: sympy.Basic) -> bool:
    """Whether ``expr`` (its measures unfolded) has an integral :func:`diverging_side` looks at."""
    return bool(integrals_in(_unfolded(expr)))


def diverging_side(
    side: sympy.Expr, env: Mapping[sympy.Basic, Any]
) -> tuple[Any | None, str | None]:
    """The side's 50-digit value with its surely divergent integrals as ±∞ (None when it has
    none), and why it may diverge when some integral is :attr:`Tail.DOUBTFUL` there."""
    expr = _unfolded(side)
    infinite: dict[sympy.Basic, Any] = {}
    doubt = None
    for node, integrand, var, lo, hi in integrals_in(expr):
        tail, sign = integral_behaviour(integrand, var, lo, hi, env)
        if tail is Tail.DIVERGES:
            infinite[node] = mpmath.inf if sign > 0 else -mpmath.inf
        elif tail is Tail.DOUBTFUL and doubt is None:
            doubt = f"∫ {integrand} d{var} over ({lo}, {hi}) may diverge"
    if not infinite:
        return None, doubt
    try:
        evaluator = compile_expr(sympy.sympify(expr), Backend.MPMATH, frozenset(infinite))
        return evaluator({**env, **infinite}), doubt
    except (ArithmeticError, NotImplementedError, TypeError, ValueError):
        return None, doubt


def _slow_end(inner: Inner, local: dict[sympy.Basic, Any], var: sympy.Symbol, end: Any,
              direction: int) -> bool:  # fmt: skip
    """Whether the integrand decays at an infinite end (or blows up at 0) no faster than
    x^−(1 + MARGIN): some slope far out is below 1 + MARGIN."""
    if not (mpmath.isinf(end) or end == 0):
        return False  # a finite end elsewhere needs thousands of digits: not looked at here
    values = _far_values(inner, local, var, end, direction)
    if any(isinstance(v, mpmath.mpc) and mpmath.im(v) != 0 for v in values):
        return False
    reals = [abs(mpmath.re(v)) for v in values]
    if any(mpmath.isnan(v) or mpmath.isinf(v) or v == 0 for v in reals):
        return False
    logs = [e * mpmath.log(10) for e in FAR]
    magnitudes = [mpmath.log(v) for v in reals]
    slopes = [
        -(magnitudes[k + 1] - magnitudes[k]) / (logs[k + 1] - logs[k])
        for k in range(len(reals) - 1)
    ]
    return bool(min(slopes) < 1 + MARGIN)


def slow_tail(side: sympy.Expr, env: Mapping[sympy.Basic, Any]) -> bool:
    """Whether an integral of ``side`` has a tail too slow for a quadrature to be trusted at the
    values ``env``: E[X²] of Pareto(s, a) at a = 2 + 10⁻⁹ has the integrand x^−(1 + 10⁻⁹),
    whose mass lies beyond every node (both 50 and 40 digits give 3·10⁻⁶ for the true 10), so a
    violation computed there is no evidence."""
    for _, integrand, var, lo, hi in integrals_in(_unfolded(side)):
        if not _looked_at(integrand, var):
            continue
        inner = compile_inner(integrand, frozenset({var}), Backend.MPMATH)
        with mpmath.workdps(max(mpmath.mp.dps, DPS)):
            try:
                ends = [compile_expr(sympy.sympify(b), Backend.MPMATH)(env) for b in (lo, hi)]
                local = inner.prepare(env)
                if any(
                    _slow_end(inner, local, var, end, direction)
                    for end, direction in ((ends[0], 1), (ends[1], -1))
                ):
                    return True
            except (ArithmeticError, TypeError, ValueError):
                continue
    return False
