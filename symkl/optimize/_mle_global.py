"""Global maximum: why a strict local maximum of ℓ is its maximum over the whole domain, or a
point of the domain where ℓ is higher.

A stationary point with a negative definite Hessian is only a local maximum (ℓ = −θ⁴/4 + θ³/3 + θ²
has one at θ = −1, yet ℓ(2) is higher). It is the maximum when one of these rules holds:

* concave: the leading minors of −H are positive at every point of the (convex) domain, so ℓ is
  strictly concave and a stationary point is its maximum (on the simplex: a Lagrange point);
* unique stationary point: one parameter b (after profiling out the others, in which ℓ is strictly
  concave with one stationary point a*(b) for every b) whose score has this one root on its
  interval; a differentiable function with a single critical point, a strict local maximum,
  has its maximum there;
* comparison: one parameter and no data: ℓ at the point is at least ℓ at every other root of the
  score and at least its limits at both ends of the interval.

When none applies, numbers decide: a point where ℓ is higher (confirmed at 50 digits; with data,
sampled data of a few sizes n with the estimate inside the domain for them) refutes the claim, and
none among the samples only checks it::

    >>> theta = sympy.Symbol("theta", real=True)
    >>> model = Model("quartic", -theta**4 / 4 + theta**3 / 3 + theta**2, (theta,))
    >>> found = global_maximum(model, {theta: -1})
    >>> found.rule is None, found.higher["theta"]
    (True, 2.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy
from sympy.calculus.util import continuous_domain

from ..calculus._calculus import prepare, smooth
from ..calculus._solve import SolveLimit, bounded_solve
from ._mle import Interval, Model, _freeze, _hessian, _identities, in_estimates, minors
from ._mle_search import FAILURES, Global, higher_point, interval_of, near_end, search

__all__ = ["Global", "global_maximum"]


def global_maximum(model: Model, point: Mapping[sympy.Expr, sympy.Expr]) -> Global:
    """Whether the strict local maximum ``point`` (score 0, −H positive definite there, already
    proved) is the maximum of ℓ over the domain."""
    # the data sums linear, as in the second-order check: (x − x̄)² summed is Σx² − 2x̄Σx + n x̄²
    point = {w: _identities(sympy.expand(sympy.sympify(v)), model) for w, v in point.items()}
    for rule in (_concave, _unique):
        try:
            found = rule(model, point)
        except FAILURES:
            found = None
        if found is not None:
            return Global(rule=found)
    try:
        compared = _compare(model, point)
    except FAILURES:
        compared = None
    if compared is not None:
        return compared
    try:
        return search(model, point)
    except FAILURES as exc:
        return Global(why=f"no rule applies and ℓ was not sampled ({type(exc).__name__})")


def _ranging(w: sympy.Symbol, interval: Interval) -> sympy.Expr:
    """Any value of ``w`` in the open interval, as SymPy assumptions can state it (a symbol
    apart from the estimate's own)."""
    lo, hi = interval
    name = f"{w}'"
    if lo == -sympy.oo and hi == sympy.oo:
        return sympy.Symbol(name, real=True)
    if hi == sympy.oo:
        return lo + sympy.Symbol(name, positive=True)
    if lo == -sympy.oo:
        return hi - sympy.Symbol(name, positive=True)
    u = sympy.Symbol(f"u_{w}'", positive=True)
    return lo + (hi - lo) * u / (1 + u)


def _generic(model: Model) -> dict[sympy.Basic, sympy.Expr]:
    """Each plain parameter as any value of its interval."""
    params = [w for w in model.parameters if isinstance(w, sympy.Symbol)]
    return {w: _ranging(w, interval_of(model, w)) for w in params}


def _differentiable(model: Model) -> bool:
    """ℓ twice differentiable on the domain as far as its form shows: ``smooth`` (no Abs, no
    Piecewise) and no fractional power of a base that may be 0 there. √((θ − 1)²) is |θ − 1|, a
    kink where the score is undefined: a maximum there is at no root of the score, and a convex
    kink breaks concavity though ℓ'' = −2 wherever it exists."""
    if not smooth(model.log_likelihood):
        return False
    generic = _generic(model)
    return all(
        power.exp.is_integer is True or power.base.xreplace(generic).is_positive is True
        for power in prepare(model.log_likelihood).atoms(sympy.Pow)
    )


def _concave(model: Model, point: Mapping[sympy.Expr, sympy.Expr]) -> str | None:
    """Rule (a): −H has positive leading minors at every point of the domain."""
    if not _differentiable(model):
        return None
    hessian = [h.xreplace(_generic(model)) for row in _hessian(model) for h in row]
    size = 1 if model.simplex_size is not None else len(model.parameters)
    found = minors(in_estimates(model, point, hessian), size)
    if not all(m.is_positive is True for m in found):
        return None
    where = "on the simplex Σθ = 1 a Lagrange point" if model.simplex_size is not None else (
        "a stationary point")  # fmt: skip
    return (
        "ℓ is strictly concave on the parameter domain (the leading minors of −H are positive "
        f"everywhere), so {where} is its global maximum"
    )


def _unique(model: Model, point: Mapping[sympy.Expr, sympy.Expr]) -> str | None:
    """Rule (b): after profiling out the other parameters, one stationary point on an interval."""
    params = model.parameters
    if model.simplex_size is not None or not all(isinstance(w, sympy.Symbol) for w in params):
        return None
    if not _differentiable(model) or len(params) > 3:
        return None
    for last in reversed(params):
        rest = [w for w in params if w != last]
        found = _profiled(model, point, last, rest)
        if found is not None:
            return found
    return None


def _profiled(
    model: Model, point: Mapping[sympy.Expr, sympy.Expr], last: sympy.Symbol, rest: list[Any]
) -> str | None:
    ell = _identities(prepare(model.log_likelihood), model)
    generic = _generic(model)
    inner: dict[sympy.Basic, sympy.Expr] = {}
    text = ""
    if rest:
        hessian = [sympy.diff(ell, a, b).xreplace(generic) for a in rest for b in rest]
        found = minors(in_estimates(model, point, hessian), len(rest))
        if not all(m.is_positive is True for m in found):
            return None
        frozen, stats = _freeze([sympy.diff(ell, a) for a in rest])
        solved = bounded_solve(frozen, list(rest))
        if isinstance(solved, SolveLimit) or len(solved) != 1 or set(solved[0]) != set(rest):
            return None
        inner = {a: v.xreplace(stats) for a, v in solved[0].items()}
        for a, value in inner.items():
            if not _inside(model, point, value, interval_of(model, a)):
                return None
        names = ", ".join(map(str, rest))
        text = (
            f"ℓ is strictly concave in {names} for every {last} (the leading minors of their −H "
            f"are positive), largest at the one root of their score; so profiled, ℓ "
        )
    lo, hi = interval_of(model, last)
    b = sympy.Symbol(f"{last}'", real=True)
    (profile,) = in_estimates(model, point, [ell.xreplace(inner)])
    profile = profile.xreplace({last: b})
    domain = sympy.Interval.open(lo, hi)
    if continuous_domain(profile, b, domain) != domain:
        return None
    roots = sympy.solveset(sympy.diff(profile, b), b, domain)
    if not isinstance(roots, sympy.FiniteSet) or len(roots) != 1:
        return None
    return (
        f"{text or 'ℓ '}has the estimate as its only stationary point on {last} ∈ "
        f"({sympy.sstr(lo)}, {sympy.sstr(hi)}), a strict local maximum (−H positive definite "
        "there), so its global maximum (a differentiable function on an interval with a single "
        "critical point)"
    )


def _inside(
    model: Model, point: Mapping[sympy.Expr, sympy.Expr], value: sympy.Expr, interval: Interval
) -> bool:
    """``value`` (an expression in the data and the other parameters) lies in ``interval``."""
    lo, hi = interval
    (written,) = in_estimates(model, point, [value.xreplace(_generic(model))])
    below = lo == -sympy.oo or (written - lo).is_positive is True
    above = hi == sympy.oo or (hi - written).is_positive is True
    return bool(below and above and (written.is_real is True or lo != -sympy.oo or hi != sympy.oo))


def _compare(model: Model, point: Mapping[sympy.Expr, sympy.Expr]) -> Global | None:
    """Rule (c), one parameter and no data: ℓ at the point against ℓ at every other root of the
    score and the limits of ℓ at both ends (a proof, or a higher point)."""
    ell, w = _plain(model)
    if ell is None or w is None:
        return None
    value = point.get(w)
    if value is None or value.free_symbols:
        return None
    lo, hi = interval_of(model, w)
    domain = sympy.Interval.open(lo, hi)
    if continuous_domain(ell, w, domain) != domain:
        return None
    roots = sympy.solveset(sympy.diff(ell, w), w, domain)
    if not isinstance(roots, sympy.FiniteSet):
        return None
    top = ell.xreplace({w: value})
    for root in roots:
        if root == value:
            continue
        sign = _sign(top - ell.xreplace({w: root}))
        if sign is None:
            return None
        if sign < 0:
            why = f"ℓ({sympy.sstr(root)}) = {_value(ell.xreplace({w: root}))} at another root of "
            why += f"the score, above {_at(ell, w, value)}"
            return Global(higher=higher_point(ell, [w], {w: value}, {w: root}), why=why)
    for end, inward in ((lo, 1), (hi, -1)):
        limit = sympy.limit(ell, w, end, "+" if inward > 0 else "-")
        if limit == -sympy.oo:
            continue
        sign = None if limit == sympy.oo else _sign(top - limit)
        if limit != sympy.oo and sign is None:
            return None
        if limit == sympy.oo or (sign is not None and sign < 0):
            why = f"ℓ → {sympy.sstr(limit)} as {w} → {sympy.sstr(end)}, above {_at(ell, w, value)}"
            for near in near_end(end, inward):
                higher = higher_point(ell, [w], {w: value}, {w: near})
                if higher is not None:
                    return Global(higher=higher, why=why)
            return None
    others = ", ".join(sympy.sstr(r) for r in roots if r != value) or "none"
    return Global(
        rule=(
            f"ℓ at the estimate is at least ℓ at every other root of the score ({others}) and at "
            f"least its limits at both ends of {w} ∈ ({sympy.sstr(lo)}, {sympy.sstr(hi)}), so it "
            "is the global maximum"
        )
    )


def _value(expr: sympy.Expr) -> str:
    """An exact value and, when it is not a plain number, its decimal expansion."""
    exact = sympy.simplify(expr)
    if exact.is_Rational or exact.is_Float:
        return str(sympy.sstr(exact))
    return f"{sympy.sstr(exact)} ≈ {sympy.N(exact, 4)}"


def _at(ell: sympy.Expr, w: sympy.Symbol, value: sympy.Expr) -> str:
    """ℓ at the claimed point, in words."""
    return f"ℓ({sympy.sstr(value)}) = {_value(ell.xreplace({w: value}))}"


def _plain(model: Model) -> tuple[sympy.Expr | None, sympy.Symbol | None]:
    """ℓ and its one parameter, when ℓ depends on nothing else (no data, no other symbol)."""
    if len(model.parameters) != 1 or model.simplex_size is not None:
        return None, None
    (w,) = model.parameters
    if not isinstance(w, sympy.Symbol) or not _differentiable(model):
        return None, None
    ell = prepare(model.log_likelihood)
    if ell.free_symbols != {w} or ell.has(sympy.Sum, sympy.Indexed):
        return None, None
    return ell, w


def _sign(expr: sympy.Expr) -> int | None:
    """The sign of a constant, proved by SymPy (None when it cannot tell)."""
    expr = sympy.simplify(expr)
    if expr.is_zero is True:
        return 0
    if expr.is_positive is True:
        return 1
    if expr.is_negative is True:
        return -1
    return None
