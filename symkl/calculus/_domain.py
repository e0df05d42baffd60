"""Domains of the optimisation relations: SymPy sets and ``where`` facts, and positivity on them.

``domain=`` takes an ``Interval`` (one variable), a ``ProductSet`` of intervals (one per variable,
in order) or a dict symbol → ``Interval``; ``where`` facts of the form ``symbol op constant`` narrow
a symbol's interval, and every fact is kept for the sampler. :func:`positive_on` proves that an
expression is positive on the whole domain, with no heuristics: SymPy's assumptions after each
bounded symbol is written as a positive reparametrisation of its interval, or, for a polynomial
in one variable, its real roots (none inside) and its sign at one point::

    >>> t = sympy.Symbol("t", real=True)
    >>> positive_on(t**2 - 1, as_domain(sympy.Interval(2, 5), (t,)))
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from .._guard import OPS_LIMIT  # one limit for every expensive SymPy call
from ..errors import MalformedClaimError
from ..numeric._sampler import FACT_TOLERANCE  # one tolerance for every sampled fact

__all__ = [
    "FACT_TOLERANCE",
    "Domain",
    "as_domain",
    "contains",
    "interval_text",
    "nonzero_somewhere",
    "own_interval",
    "positive_on",
    "real_on",
]

#: Polynomials up to this degree are decided through their real roots.
ROOT_DEGREE_LIMIT = 8


@dataclass(frozen=True)
class Domain:
    """Per-symbol intervals (from ``domain=`` and interval-shaped facts) and every user fact."""

    intervals: Mapping[sympy.Basic, sympy.Interval] = field(default_factory=dict)
    facts: tuple[sympy.Basic, ...] = ()
    #: sampling specs given in the older tuple form, ("real", lo, hi) etc., kept for the sampler
    specs: Mapping[sympy.Basic, tuple[Any, ...]] = field(default_factory=dict)

    def interval(self, symbol: sympy.Basic) -> sympy.Interval | None:
        """The interval of ``symbol`` (of its IndexedBase for a written-out entry ``z_3``),
        intersected with what the symbol's own assumptions allow."""
        stated = self.intervals.get(symbol)
        if stated is None and isinstance(symbol, sympy.Indexed):
            stated = self.intervals.get(symbol.base)
        if stated is None and isinstance(symbol, sympy.Symbol):
            for base, interval in self.intervals.items():
                if isinstance(base, sympy.IndexedBase) and symbol.name.startswith(f"{base}_"):
                    stated = interval
        if stated is None:
            return None
        own = own_interval(symbol)
        result = stated.intersect(own) if own is not None else stated
        return result if isinstance(result, sympy.Interval) else stated

    def text(self) -> list[str]:
        """The domain as assumption texts (one per restricted symbol, then each other fact)."""
        out = [f"{s} ∈ {interval_text(i)}" for s, i in sorted(self.intervals.items(), key=_key)]
        return out + [sympy.sstr(f) for f in self.facts if _interval_fact(f) is None]

    def key(self) -> str:
        """A stable text for the proof cache."""
        parts = [
            f"{sympy.srepr(s)}:{sympy.srepr(i)}"
            for s, i in sorted(self.intervals.items(), key=_key)
        ]
        parts += [sympy.srepr(f) for f in self.facts]
        parts += [f"{sympy.srepr(s)}:{v!r}" for s, v in sorted(self.specs.items(), key=_key)]
        return "; ".join(parts)

    def __bool__(self) -> bool:
        return bool(self.intervals or self.facts or self.specs)


def interval_text(interval: sympy.Interval) -> str:
    """An interval as a reader writes it: (0, 1], [2, ∞).

    >>> interval_text(sympy.Interval.Lopen(0, 1))
    '(0, 1]'
    """
    left = "(" if interval.left_open or interval.start == -sympy.oo else "["
    right = ")" if interval.right_open or interval.end == sympy.oo else "]"
    ends = [
        "∞" if e == sympy.oo else "-∞" if e == -sympy.oo else sympy.sstr(e)
        for e in (interval.start, interval.end)
    ]
    return f"{left}{ends[0]}, {ends[1]}{right}"


def own_interval(symbol: sympy.Basic) -> sympy.Interval | None:
    """What a symbol's assumptions say: (0, ∞) for positive, [0, ∞) for nonnegative, ℝ for real."""
    if symbol.is_positive:
        return sympy.Interval.open(0, sympy.oo)
    if symbol.is_nonnegative:
        return sympy.Interval(0, sympy.oo)
    if symbol.is_real:
        return sympy.Reals
    return None


def _key(item: tuple[sympy.Basic, Any]) -> str:
    return str(item[0])


def _spec_interval(spec: tuple[Any, ...]) -> sympy.Interval | None:
    """The interval an older sampling spec ("real"/"log"/"int", lo, hi) ranges over."""
    if len(spec) == 3 and spec[0] in ("real", "log", "int"):
        if isinstance(spec[1], str) or isinstance(spec[2], str):
            raise MalformedClaimError(f"a sampling range needs numbers, got {spec!r}")
        lo, hi = sympy.sympify(spec[1], strict=True), sympy.sympify(spec[2], strict=True)
        if isinstance(lo, sympy.Float) or isinstance(hi, sympy.Float):
            lo, hi = sympy.nsimplify(lo), sympy.nsimplify(hi)
        return sympy.Interval(lo, hi)
    return None


def _check_spec(spec: tuple[Any, ...], owner: object) -> None:
    """An older sampling range: ("real" | "log" | "int", lo, hi), lo < hi, or ("set", values)."""
    numbers = (int, float, sympy.Integer, sympy.Rational, sympy.Float)
    if len(spec) == 2 and spec[0] == "set" and isinstance(spec[1], (tuple, list)) and spec[1]:
        if all(isinstance(v, numbers) and not isinstance(v, bool) for v in spec[1]):
            return
    elif (
        len(spec) == 3
        and spec[0] in ("real", "log", "int")
        and all(isinstance(v, numbers) and not isinstance(v, bool) for v in spec[1:])
        and float(spec[1]) < float(spec[2])
        and all(abs(float(v)) < 1e300 for v in spec[1:])
        and (spec[0] != "log" or float(spec[1]) > 0)
    ):
        return
    raise MalformedClaimError(
        f"the sampling range of {owner} must be ('real' | 'log' | 'int', lo, hi) with lo < hi "
        f"(lo > 0 for 'log') or ('set', values), got {spec!r}; a SymPy Interval is preferred"
    )


def _as_interval(value: object, owner: object) -> sympy.Interval:
    if isinstance(value, sympy.Interval):
        if value.start.free_symbols or value.end.free_symbols:
            raise MalformedClaimError(
                f"the domain of {owner} must have numeric ends, got {value!r}; state symbolic "
                "bounds as where= facts (e.g. where=[x < a])"
            )
        return value
    raise MalformedClaimError(
        f"the domain of {owner} must be a SymPy Interval, got {value!r} "
        "(e.g. sympy.Interval.open(0, 1))"
    )


def _interval_fact(fact: sympy.Basic) -> tuple[sympy.Symbol, sympy.Interval] | None:
    """``symbol op constant`` (either side) as the interval it states, else None."""
    if not isinstance(fact, (sympy.StrictLessThan, sympy.LessThan,
                             sympy.StrictGreaterThan, sympy.GreaterThan)):  # fmt: skip
        return None
    small, big = (fact.lts, fact.gts)
    strict = isinstance(fact, (sympy.StrictLessThan, sympy.StrictGreaterThan))
    if isinstance(small, sympy.Symbol) and not big.free_symbols and big.is_real:
        return small, sympy.Interval(-sympy.oo, big, right_open=strict)
    if isinstance(big, sympy.Symbol) and not small.free_symbols and small.is_real:
        return big, sympy.Interval(small, sympy.oo, left_open=strict)
    return None


def as_domain(domain: object, wrt: Sequence[Any], where: Iterable[sympy.Basic] = ()) -> Domain:
    """``domain=`` (None, an Interval, a ProductSet or a dict) and ``where`` facts as a Domain.

    >>> as_domain(sympy.Interval.open(0, 1), (sympy.Symbol("p"),)).intervals
    {p: Interval.open(0, 1)}
    """
    intervals: dict[sympy.Basic, sympy.Interval] = {}
    specs: dict[sympy.Basic, tuple[Any, ...]] = {}
    if isinstance(domain, Domain):
        intervals.update(domain.intervals)
        specs.update(domain.specs)
        where = (*domain.facts, *where)
    elif isinstance(domain, sympy.ProductSet):
        sets = domain.sets
        if len(sets) != len(wrt):
            raise MalformedClaimError(
                f"a ProductSet domain needs one set per variable ({len(wrt)} for "
                f"{', '.join(map(str, wrt))}), got {domain!r}"
            )
        intervals.update({w: _as_interval(s, w) for w, s in zip(wrt, sets, strict=True)})
    elif isinstance(domain, sympy.Set):
        if len(wrt) != 1:
            raise MalformedClaimError(
                f"a single set as domain needs one variable, got {domain!r} for "
                f"{', '.join(map(str, wrt))}; use a ProductSet or a dict"
            )
        intervals[wrt[0]] = _as_interval(domain, wrt[0])
    elif isinstance(domain, Mapping):
        for symbol, value in domain.items():
            if not isinstance(symbol, (sympy.Symbol, sympy.IndexedBase, sympy.Indexed)):
                raise MalformedClaimError(
                    f"domain keys must be SymPy symbols, got {symbol!r} in {domain!r}"
                )
            if isinstance(value, tuple):
                _check_spec(value, symbol)
                interval = _spec_interval(value)
                specs[symbol] = value
                if interval is not None:
                    intervals[symbol] = interval
            else:
                intervals[symbol] = _as_interval(value, symbol)
    elif domain is not None:
        raise MalformedClaimError(
            f"domain must be a SymPy Interval, ProductSet or a dict symbol -> Interval, "
            f"got {domain!r}"
        )
    facts = tuple(dict.fromkeys(where))
    for fact in facts:
        stated = _interval_fact(fact)
        if stated is not None:
            symbol, interval = stated
            intervals[symbol] = intervals.get(symbol, sympy.Reals).intersect(interval)
    for symbol, interval in intervals.items():
        if not isinstance(interval, sympy.Interval):
            raise MalformedClaimError(
                f"the domain of {symbol} is empty or not an interval: {interval!r}"
            )
    return Domain(intervals, facts, specs)


def _reparametrise(
    symbol: sympy.Symbol, interval: sympy.Interval
) -> tuple[sympy.Expr, list[sympy.Expr]]:
    """An expression ranging over the interval's interior (positive t), and its closed ends."""
    lo, hi = interval.start, interval.end
    ends = [e for e, open_ in ((lo, interval.left_open), (hi, interval.right_open))
            if not open_ and e.is_finite]  # fmt: skip
    t = sympy.Dummy(f"t_{symbol}", positive=True)
    if lo == -sympy.oo and hi == sympy.oo:
        return sympy.Dummy(str(symbol), real=True), ends
    if hi == sympy.oo:
        return lo + t, ends
    if lo == -sympy.oo:
        return hi - t, ends
    return lo + (hi - lo) * t / (1 + t), ends


def _assumed(expr: sympy.Expr, domain: Domain) -> tuple[sympy.Expr, list[dict[Any, Any]]]:
    """``expr`` with interval-bound symbols reparametrised, and the closed-end substitutions."""
    mapping: dict[sympy.Basic, sympy.Expr] = {}
    corners: list[dict[Any, Any]] = []
    for s in sorted(expr.free_symbols, key=str):
        interval = domain.interval(s)
        if interval is None or not isinstance(s, sympy.Symbol):
            continue
        value, ends = _reparametrise(s, interval)
        mapping[s] = value
        corners += [{s: e} for e in ends]
    return expr.xreplace(mapping), corners


def _sign_forms(expr: sympy.Expr) -> Iterable[sympy.Expr]:
    yield expr
    if sympy.count_ops(expr) <= OPS_LIMIT:
        yield sympy.factor_terms(sympy.together(expr))
        yield sympy.factor(expr)
        yield sympy.simplify(expr)


def _is_positive(expr: sympy.Expr) -> bool:
    return any(form.is_positive is True for form in _sign_forms(expr))


def _polynomial_positive(expr: sympy.Expr, domain: Domain) -> bool:
    """A rational function of one bounded variable: no real root of numerator or denominator in
    the interval (closed ends included), and positive at one interior point."""
    (symbol,) = expr.free_symbols if len(expr.free_symbols) == 1 else (None,)
    if symbol is None:
        return bool(expr.is_positive)
    interval = domain.interval(symbol) or (sympy.Reals if symbol.is_real else None)
    if interval is None or interval.measure == 0:
        return False
    num, den = sympy.fraction(sympy.together(expr))
    closure = sympy.Interval(interval.start, interval.end)
    for part in (num, den):
        if not part.free_symbols:
            continue
        try:
            poly = sympy.Poly(part, symbol)
        except sympy.PolynomialError:
            return False
        if poly.degree() > ROOT_DEGREE_LIMIT or not all(c.is_rational for c in poly.all_coeffs()):
            return False
        if any(closure.contains(r) is sympy.true for r in sympy.real_roots(poly)):
            return False
    lo, hi = interval.start, interval.end
    inside = (lo + hi) / 2 if lo.is_finite and hi.is_finite else (
        lo + 1 if lo.is_finite else hi - 1 if hi.is_finite else sympy.S.Zero)  # fmt: skip
    value = expr.xreplace({symbol: inside})
    return bool(value.is_positive)


def positive_on(expr: sympy.Expr, domain: Domain) -> bool:
    """``expr`` > 0 for every value of its symbols in ``domain`` (and their own assumptions)."""
    expr = sympy.sympify(expr)
    if expr.is_positive is True:
        return True
    try:
        if _polynomial_positive(expr, domain):
            return True
        inner, corners = _assumed(expr, domain)
        if not _is_positive(inner):
            return False
        # the interior is positive; at each closed end the rest must be positive too
        return all(positive_on(expr.xreplace(c), domain) for c in corners)
    except (TypeError, ValueError, NotImplementedError, RecursionError, AttributeError):
        return False


def real_on(expr: sympy.Expr, domain: Domain, *, ends: bool = True) -> bool:
    """``expr`` is a finite real number everywhere in ``domain`` (SymPy's assumptions after
    reparametrising); with ``ends=False`` only on the interior (closed ends are then limits)."""
    expr = sympy.sympify(expr)
    inner, corners = _assumed(expr, domain)
    try:
        if not any(form.is_real is True for form in _sign_forms(inner)):
            return False
    except (TypeError, ValueError, NotImplementedError, RecursionError, AttributeError):
        return False
    return not ends or all(real_on(expr.xreplace(c), domain) for c in corners)


def nonzero_somewhere(expr: sympy.Expr, domain: Domain) -> bool:
    """A cheap screen: ``expr`` is a clearly nonzero real number at an interior point of the
    domain (each reparametrised symbol at t = 1/3 or 2, every other symbol at a value its
    assumptions allow). False means nothing: complex or undefined values are inconclusive."""
    if expr.has(sympy.Sum, sympy.Product, sympy.Integral, sympy.Indexed):
        return False
    inner, _ = _assumed(expr, domain)
    for t in (sympy.Rational(1, 3), sympy.Integer(2)):
        point = {}
        for s in inner.free_symbols:
            if not isinstance(s, sympy.Symbol):
                return False
            if s.is_integer:
                point[s] = sympy.Integer(2)
            elif s.is_positive or s.is_nonnegative or isinstance(s, sympy.Dummy):
                point[s] = t if s.is_positive or s.is_nonnegative else t - sympy.Rational(1, 7)
            else:
                point[s] = t / 5 + sympy.Rational(1, 11)
        try:
            value = sympy.N(inner.xreplace(point), 20)
        except (TypeError, ValueError, ZeroDivisionError, RecursionError):
            continue
        if value.is_real and value.is_finite and abs(value) > 1e-9:
            return True
    return False


def contains(
    domain: Domain, point: Mapping[sympy.Basic, Any], simplex: frozenset[sympy.Basic] = frozenset()
) -> bool:
    """Whether a numeric point lies in every stated interval and satisfies every fact.

    Probabilities of a distribution (``simplex``) range over the closed simplex: a zero is a
    point of their domain under 0·log 0 = 0, whatever their symbols' positivity says.
    """
    for s, value in point.items():
        if s in simplex and 0 <= value <= 1:
            continue
        interval = domain.interval(s)
        if interval is not None and interval.contains(sympy.Float(value, 30)) is not sympy.true:
            return False
    values = {s: sympy.Float(v, 30) for s, v in point.items()}
    for fact in domain.facts:
        if not fact.free_symbols <= set(values):
            continue
        if isinstance(fact, sympy.Eq):
            # A point on the simplex sums to 1 only to rounding: equalities hold to a tolerance.
            left, right = fact.lhs.xreplace(values), fact.rhs.xreplace(values)
            scale = 1 + abs(left) + abs(right)
            gap = sympy.Abs(left - right) - sympy.Float(FACT_TOLERANCE, 30) * scale
            if gap.is_nonpositive is not True:
                return False
            continue
        if fact.xreplace(values) is not sympy.true:
            return False
    return True
