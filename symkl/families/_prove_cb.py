"""A ContinuousBernoulli's moments, and the measures of its members, by cases on λ = ½.

ContinuousBernoulli(λ), 0 < λ < 1, has density C(λ)·λ^x (1 − λ)^{1−x} on [0, 1] with
C(λ) = (log(1 − λ) − log λ)/(1 − 2λ), which reads 0/0 at λ = ½; there the family's own C(½) = 2
makes the density 1 (Uniform(0, 1)). So everything is derived in two cases:

* λ ≠ ½: t = log λ − log(1 − λ) ≠ 0 (λ ≠ 1 − λ, and log is one-to-one), the density is
  f(0)·e^{t·x} (checked), and E[x^j] = f(0)·∫₀¹ x^j·e^{t·x} dx, integrated by SymPy for a real
  t ≠ 0, so that no case of its own is left in the answer;
* λ = ½: the density is 1 (checked) and E[x^j] = ∫₀¹ x^j dx.

A measure of members with a symbolic λ is derived in each case, λ kept symbolic (λ ≠ ½) and
λ = ½ substituted (every combination, when two members have their own λ). The claimed closed
form is 0/0 at λ = ½ too: there it is read as its limit λ → ½, both one-sided limits taken by
SymPy and equal (the singularity is removable), and the limit must equal the value derived at ½.

>>> from sympy import Rational, Symbol
>>> from symkl.families import ContinuousBernoulli
>>> from symkl.families._moments import Phi, PhiKind
>>> natural_moment(ContinuousBernoulli(Rational(1, 2)), Phi(PhiKind.X2))
(1/3, 'integral')
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable

import sympy

from .._decoding import sstr
from ..measures import Measure
from ._base import Family
from ._moments import Phi, PhiKind
from ._series import expand_series

__all__ = ["half_cases", "natural_moment"]

_POWERS = {PhiKind.ONE: 0, PhiKind.X: 1, PhiKind.X2: 2}
_HALF = sympy.S.Half

#: (value, facts, method) of a measure derived from its definition, or None
Derive = Callable[[Measure], "tuple[sympy.Expr, list[str], str] | None"]
#: whether a derived value equals a claimed closed form for these families
Equal = Callable[[sympy.Expr, sympy.Expr, list[Family]], bool]


def _at_half(d: Family) -> bool:
    return bool((d.args[0] - _HALF).is_zero)


@functools.cache
def _generic_power_mean(family: type[Family], j: int) -> tuple[sympy.Expr, sympy.Dummy] | None:
    """(E[x^j], λ) for λ ≠ ½: f(x) = f(0)·e^{t·x} with t = log λ − log(1 − λ) (checked), and
    ∫₀¹ x^j·e^{t·x} dx integrated by SymPy for a real t ≠ 0; the product, rational in t once
    log λ = t + log(1 − λ) and e^t = λ/(1 − λ) (the definition of t), in partial fractions in t
    (the closed forms' shape: E[x] = λ/(2λ − 1) − 1/t)."""
    lam = sympy.Dummy("lam", positive=True)
    member = family(lam)
    if member.bounds() != (0, 1):
        return None
    x = sympy.Dummy("x", positive=True)
    slope = sympy.log(lam) - sympy.log(1 - lam)
    front = member.density(sympy.S.Zero)
    kernel = front * sympy.exp(slope * x)
    # a^y = e^{y·log a} for a > 0, the definition of the power
    if sympy.simplify((member.density(x) / kernel).rewrite(sympy.exp)) != 1:
        return None
    t = sympy.Dummy("t", real=True, nonzero=True)
    integral = sympy.integrate(x**j * sympy.exp(t * x), (x, 0, 1))
    if integral.has(sympy.Integral, sympy.Piecewise):
        return None
    value = front.xreplace({sympy.log(lam): t + sympy.log(1 - lam)})
    value *= integral.xreplace({sympy.exp(t): lam / (1 - lam)})
    if value.has(sympy.exp, sympy.log):
        return None  # not rational in t and λ: no partial fractions
    value = sympy.apart(sympy.cancel(value), t)
    return value.xreplace({t: slope}), lam


def natural_moment(d: Family, phi: Phi) -> tuple[sympy.Expr, str] | None:
    """E[x^j] (j = 0, 1, 2) under ContinuousBernoulli(λ): at λ = ½ over the uniform density,
    otherwise through e^{t·x}, t ≠ 0 (the caller's case λ ≠ ½, or a domain fact saying so)."""
    j = _POWERS.get(phi.kind)
    if j is None:
        return None
    if _at_half(d):
        x = sympy.Dummy("x", positive=True)
        density = sympy.simplify(d.density(x))
        if density.has(x):
            return None
        return sympy.integrate(density * x**j, (x, 0, 1)), "integral"
    found = _generic_power_mean(type(d), j)  # type: ignore[arg-type]  # classes hash
    if found is None:
        return None
    value, lam = found
    return value.xreplace({lam: d.args[0]}), "integral"


def _limit(expr: sympy.Expr, lam: sympy.Symbol) -> sympy.Expr | None:
    """``expr`` at λ = ½ as its limit λ → ½ (from both sides, equal), piece by piece of a
    Piecewise whose conditions do not involve λ; None when SymPy finds no finite limit."""
    pieces = expr.args if isinstance(expr, sympy.Piecewise) else ((expr, sympy.true),)
    out = []
    for e, condition in pieces:
        if condition.has(lam):
            return None
        if e is sympy.oo or not e.has(lam):
            out.append((e, condition))
            continue
        try:
            value = sympy.limit(expand_series(e), lam, _HALF, dir="+-")
        except (NotImplementedError, ValueError, TypeError, sympy.PoleError):
            return None  # no limit SymPy can take, or the one-sided limits differ
        if value.has(sympy.Limit, sympy.nan, sympy.zoo, sympy.oo, sympy.AccumBounds):
            return None
        out.append((value, condition))
    if isinstance(expr, sympy.Piecewise):
        return sympy.Piecewise(*out)
    return out[0][0]


def _split_symbols(measure: Measure) -> list[sympy.Symbol] | None:
    """The symbolic λ of the measure's members whose moments are derived by cases (in order)."""
    found: list[sympy.Symbol] = []
    for d in measure.args:
        if not isinstance(d, Family) or d.moment_route != "natural" or d.args[0].is_number:
            continue
        lam = d.args[0]
        if not isinstance(lam, sympy.Symbol):
            return None  # λ = ½ would have to be solved for: not split
        if lam not in found:
            found.append(lam)
    return found


def _uniform_at_half(d: Family) -> bool:
    """The member at λ = ½ has density 1 on [0, 1], and its log-density terms add up to 0."""
    x = sympy.Dummy("x", positive=True)
    half = type(d)(_HALF)
    log_f = sympy.Add(*(c * phi.at(x) for c, phi in half.log_terms()))
    flat = sympy.simplify(half.density(x)) == 1 and sympy.simplify(log_f) == 0
    return flat and half.bounds() == (0, 1)


def _case_words(symbols: list[sympy.Symbol], flags: tuple[bool, ...]) -> str:
    """'p = 1/2, q ≠ 1/2'."""
    return ", ".join(
        f"{sstr(v)} {'=' if f else '≠'} 1/2" for v, f in zip(symbols, flags, strict=True)
    )


def half_cases(
    measure: Measure, claimed: sympy.Expr, derive: Derive, equal: Equal
) -> tuple[str, tuple[str, ...]] | None:
    """(method, facts) when ``Eq(measure, claimed)`` holds in every case λ ≠ ½ / λ = ½ of its
    ContinuousBernoulli members' λ; None when it is not shown (or no member has a symbolic λ)."""
    symbols = _split_symbols(measure)
    if not symbols:
        return None
    members = [d for d in measure.args if isinstance(d, Family) and d.moment_route == "natural"]
    if not all(_uniform_at_half(d) for d in members):
        return None
    # the family's own facts for a symbolic λ, "in [0, 1]" and "≠ ½", are replaced by
    # 0 < λ < 1 (the family's domain: 0 and 1 are rejected) and the two cases
    assumed = {f for d in members for f in d.domain_facts()}
    names = ", ".join(sstr(v) for v in symbols)
    facts = [
        f"0 < {names} < 1 (ContinuousBernoulli probs), by cases on each: ≠ 1/2, where "
        "C(λ) = (log(1 − λ) − log λ)/(1 − 2λ) and the density is f(0)·e^{t·x} with "
        "t = log λ − log(1 − λ) ≠ 0, and = 1/2, where the family's C(1/2) = 2 makes the density "
        "1 (Uniform(0, 1))"
    ]
    method = ""
    for flags in itertools.product((False, True), repeat=len(symbols)):
        half = [v for v, f in zip(symbols, flags, strict=True) if f]
        case = measure.xreplace(dict.fromkeys(half, _HALF))
        target: sympy.Expr | None = claimed
        for v in half:
            target = None if target is None else _limit(target, v)
        derived = derive(case) if target is not None else None
        if target is None or derived is None:
            return None
        value, steps, how = derived
        dists = [d for d in case.args if isinstance(d, Family)]
        if not equal(value, target, dists):
            return None
        words = _case_words(symbols, flags)
        if not half:  # the first case: its method names the proof's (the others integrate)
            method = how
            facts.append(f"case {words}: from the definition, in the steps that follow")
            facts += [s for s in steps if s not in assumed]
            continue
        limits = ", then ".join(f"{sstr(v)} → 1/2" for v in half)
        shown = sstr(value)
        equals = f", = {shown}" if len(shown) <= 90 else ""
        facts.append(
            f"case {words}: derived the same way{equals}; the closed form there is read as its "
            f"limit {limits} (the two one-sided limits, equal: C(λ)'s 0/0 at 1/2 is a removable "
            "singularity), and that limit equals the derived value"
        )
    return method, tuple(dict.fromkeys(facts))
